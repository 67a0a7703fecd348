/**
 * Node-only helpers (file system): read and write `deployments/<chainId>.json`. The browser build
 * imports the deployment JSON itself and calls `parseDeployment`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { parseDeployment, type Deployment } from './deployment.js';
import { DeploymentError } from './errors.js';

/** `deployments/<chainId>.json` under `dir` (default: `BULWARK_DEPLOYMENTS` or `./deployments`). */
export function deploymentPath(chainId: number, dir = process.env.BULWARK_DEPLOYMENTS ?? join(process.cwd(), 'deployments')): string {
  return join(dir, `${chainId}.json`);
}

/** Reads and checks the deployment of `chainId`; throws `DeploymentError` if there is none. */
export function loadDeployment(chainId: number, dir?: string): Deployment {
  const path = deploymentPath(chainId, dir);
  if (!existsSync(path)) throw new DeploymentError(`no deployment for chain ${chainId} at ${path}; deploy first (npm start on a local chain)`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new DeploymentError(`${path} is not valid JSON`, { cause });
  }
  return parseDeployment(json, path);
}

/** Writes the deployment to `deployments/<chainId>.json` under `dir`. */
export function saveDeployment(deployment: Deployment, dir?: string): string {
  const path = deploymentPath(deployment.chainId, dir);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(deployment, null, 2)}\n`);
  return path;
}
