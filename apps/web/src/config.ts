import { parseDeployment, type Deployment } from '@bulwark/sdk';

/** What the server hands the app at `/config.json`: nothing network-specific is baked into the bundle. */
export interface RuntimeConfig {
  rpcUrl: string;
  /** Base URL of the indexer's REST API (no trailing slash); '' for this origin (the server proxies `/api`); null when none runs. */
  indexerUrl: string | null;
  deployment: Deployment;
}

/** The JSON form served by `server.ts` (the deployment as written by the deploy command). */
export interface RuntimeConfigJson {
  rpcUrl: string;
  indexerUrl: string | null;
  deployment: unknown;
}

export async function loadConfig(url = '/config.json'): Promise<RuntimeConfig> {
  const response = await fetch(url, { cache: 'no-store' });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const json = (await response.json()) as RuntimeConfigJson;
  if (typeof json.rpcUrl !== 'string') throw new Error(`${url}: no rpcUrl`);
  return {
    rpcUrl: json.rpcUrl,
    indexerUrl: typeof json.indexerUrl === 'string' ? json.indexerUrl.replace(/\/+$/, '') : null,
    deployment: parseDeployment(json.deployment, url),
  };
}
