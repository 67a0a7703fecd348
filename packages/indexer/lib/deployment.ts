/**
 * The deployment the indexer follows: `BULWARK_DEPLOYMENT` (a `deployments/<chainId>.json`), read once.
 * Addresses and products come from this file and the ABIs from `@bulwark/sdk`: one source of truth,
 * shared by the config, the indexing functions and the API.
 */
import { readFileSync } from 'node:fs';

import { parseDeployment, type Deployment, type ProductRoute } from '@bulwark/sdk';
import type { Address } from 'viem';

function load(): Deployment {
  const file = process.env.BULWARK_DEPLOYMENT;
  if (!file) throw new Error('BULWARK_DEPLOYMENT is not set (path to deployments/<chainId>.json)');
  return parseDeployment(JSON.parse(readFileSync(file, 'utf8')) as unknown, file);
}

export const deployment: Deployment = load();

/** Lowercase address. */
export const lower = (address: string): Address => address.toLowerCase() as Address;

/** The name of the contract at `address` among the claim routes this deployment knows. */
export function routeKind(address: string): ProductRoute | 'unknown' {
  const a = lower(address);
  const c = deployment.contracts;
  if (a === lower(c.ClaimsManager)) return 'ClaimsManager';
  if (c.ChainlinkDepegTrigger && a === lower(c.ChainlinkDepegTrigger)) return 'ChainlinkDepegTrigger';
  if (c.SignedReportTrigger && a === lower(c.SignedReportTrigger)) return 'SignedReportTrigger';
  return 'unknown';
}
