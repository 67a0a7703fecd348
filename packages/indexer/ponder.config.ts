/**
 * Ponder configuration, from the environment:
 * - `BULWARK_DEPLOYMENT`: path to `deployments/<chainId>.json` (addresses, start block);
 * - `BULWARK_RPC_URL`: the chain's JSON-RPC endpoint;
 * - `DATABASE_URL`: PostgreSQL (optional; default embedded PGlite in `BULWARK_INDEXER_PGLITE_DIR`, or `.ponder/pglite`).
 * ABIs are the SDK's generated ones.
 */
import {
  bulwarkGovernorAbi, chainlinkDepegTriggerAbi, claimsManagerAbi, coverManagerAbi, coverPoolAbi, signedReportTriggerAbi,
} from '@bulwark/sdk';
import { createConfig } from 'ponder';

import { deployment } from './lib/deployment.js';

const rpcUrl = process.env.BULWARK_RPC_URL;
if (!rpcUrl) throw new Error('BULWARK_RPC_URL is not set');
const local = deployment.chainId === 31337 || /^https?:\/\/(127\.0\.0\.1|localhost)[:/]/.test(rpcUrl);
const c = deployment.contracts;
const startBlock = deployment.startBlock;
// A local node answers at once: Ponder rate-limits each URL, so list it several times.
const rpc = local ? Array.from({ length: 8 }, () => rpcUrl) : rpcUrl;
// Triggers are absent from deployments made before them: index an address that never emits.
const NONE = '0x0000000000000000000000000000000000000001';

export default createConfig({
  database: process.env.DATABASE_URL
    ? { kind: 'postgres', connectionString: process.env.DATABASE_URL }
    : { kind: 'pglite', directory: process.env.BULWARK_INDEXER_PGLITE_DIR ?? '.ponder/pglite' },
  chains: {
    bulwark: {
      id: deployment.chainId,
      rpc,
      // A local chain restarts and forks: never trust Ponder's RPC cache there.
      disableCache: local,
      pollingInterval: local ? 200 : 2_000,
    },
  },
  contracts: {
    CoverManager: { chain: 'bulwark', abi: coverManagerAbi, address: c.CoverManager, startBlock },
    CoverPool: { chain: 'bulwark', abi: coverPoolAbi, address: c.CoverPool, startBlock },
    ClaimsManager: { chain: 'bulwark', abi: claimsManagerAbi, address: c.ClaimsManager, startBlock },
    BulwarkGovernor: { chain: 'bulwark', abi: bulwarkGovernorAbi, address: c.BulwarkGovernor, startBlock },
    ChainlinkDepegTrigger: { chain: 'bulwark', abi: chainlinkDepegTriggerAbi, address: c.ChainlinkDepegTrigger ?? NONE, startBlock },
    SignedReportTrigger: { chain: 'bulwark', abi: signedReportTriggerAbi, address: c.SignedReportTrigger ?? NONE, startBlock },
  },
});
