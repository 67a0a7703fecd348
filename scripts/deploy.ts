/**
 * Deploys Bulwark to any EVM chain from a network configuration (deploy/networks/<name>.ts), an RPC URL
 * and a deployer key; writes `<deployments-dir>/<chainId>.json`.
 *
 *   DEPLOYER_PRIVATE_KEY=0x... tsx scripts/deploy.ts --network sepolia --rpc-url https://...
 *   tsx scripts/deploy.ts --network sepolia --rpc-url https://... --key-file ~/.bulwark/deployer.key
 *
 * Options:
 *   --network <name>          a file in deploy/networks/ (local, sepolia, ...); required
 *   --rpc-url <url>           the chain's JSON-RPC endpoint (or BULWARK_RPC_URL)
 *   --key-file <path>         a file holding the deployer's private key (hex); otherwise the
 *                             DEPLOYER_PRIVATE_KEY environment variable. Never a flag value: a key in
 *                             a command line lands in shell history and process lists. Never printed.
 *   --deployments-dir <dir>   where <chainId>.json (and the journal) go (default: deployments/)
 *   --skip-build              use the artifacts in contracts/out as they are (default: `forge build`
 *                             of contracts/src first, which is quick when nothing changed)
 *
 * What it does: checks that the RPC serves the chain id the network configuration names; deploys the
 * asset and feeds (or uses the configured ones), the CoverManager and its pool, the token, timelock,
 * governor and claims manager; lists the products; hands every admin role to the timelock and
 * renounces the deployer's; reads the wiring back (roles, claim routes, pool, governor) and only then
 * writes the deployment file.
 *
 * Idempotent: if <chainId>.json exists and its contracts have code on the chain, nothing is sent; the
 * wiring is verified again and the command says "already deployed".
 *
 * Interrupted runs resume: each deployed contract is recorded at once in <chainId>.journal.json, and
 * a re-run deploys only what the journal lacks; role grants, product listings and the hand-over check
 * the chain before sending, so none happens twice. The journal is deleted when the deployment file is
 * written. A re-run refuses (exit 1, saying why) when the journal was made by another deployer or with
 * another configuration, or names contracts the chain does not have; delete the journal to start over.
 * (On a development chain such as `local` a stale journal or deployment file is replaced instead.) A
 * contract whose transaction was sent but not yet recorded when the run stopped is deployed again; the
 * first copy stays on chain unused.
 *
 * Exit codes: 0 deployed or verified; 1 deployment, verification or RPC failure; 2 bad usage (no key,
 * unknown network, wrong chain id, missing option).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BaseError, createPublicClient, createWalletClient, http, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';

import { NetworkConfigError } from '../deploy/networks/config.js';
import { findNetwork, UnknownNetworkError } from '../deploy/networks/index.js';
import { localChain, type Clients } from './lib/chain.js';
import { ChainMismatchError, DEFAULT_DEPLOYMENTS_DIR, deployNetwork } from './lib/deploy.js';
import { forgeBuild } from './lib/foundry.js';

/** Program output (this is a command, not library code). */
const print = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

class UsageError extends Error {
  override name = 'UsageError';
}

const USAGE = 'usage: tsx scripts/deploy.ts --network <name> --rpc-url <url> [--key-file <path>] [--deployments-dir <dir>] [--skip-build]\n' +
  '       (the key comes from --key-file or the DEPLOYER_PRIVATE_KEY environment variable)';

interface Options {
  network: string;
  rpcUrl: string;
  key: Hex;
  deploymentsDir: string;
  build: boolean;
}

function options(argv: readonly string[], env: NodeJS.ProcessEnv): Options {
  if (argv.some((arg) => /^--(private-?key|key|deployer-key)(=|$)/.test(arg))) {
    throw new UsageError('a private key is never taken as a flag value (it would land in shell history and process lists): ' +
      'set DEPLOYER_PRIVATE_KEY or pass --key-file <path>');
  }
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        network: { type: 'string' },
        'rpc-url': { type: 'string' },
        'key-file': { type: 'string' },
        'deployments-dir': { type: 'string' },
        'skip-build': { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  if (!values.network) throw new UsageError(`--network is required\n${USAGE}`);
  const rpcUrl = values['rpc-url'] ?? env.BULWARK_RPC_URL;
  if (!rpcUrl) throw new UsageError(`no RPC URL: pass --rpc-url <url> or set BULWARK_RPC_URL\n${USAGE}`);
  return {
    network: values.network,
    rpcUrl,
    key: deployerKey(values['key-file'], env),
    deploymentsDir: resolve(values['deployments-dir'] ?? DEFAULT_DEPLOYMENTS_DIR),
    build: !values['skip-build'],
  };
}

/** The deployer key from --key-file or DEPLOYER_PRIVATE_KEY; error messages never contain it. */
function deployerKey(keyFile: string | undefined, env: NodeJS.ProcessEnv): Hex {
  const fromEnv = env.DEPLOYER_PRIVATE_KEY?.trim();
  if (keyFile && fromEnv) throw new UsageError('both --key-file and DEPLOYER_PRIVATE_KEY are set: use one');
  let raw: string;
  let source: string;
  if (keyFile) {
    source = `the key file ${keyFile}`;
    try {
      raw = readFileSync(keyFile, 'utf8').trim();
    } catch (error) {
      throw new UsageError(`cannot read ${source}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
    }
  } else if (fromEnv) {
    source = 'DEPLOYER_PRIVATE_KEY';
    raw = fromEnv;
  } else {
    throw new UsageError('no deployer key: set the DEPLOYER_PRIVATE_KEY environment variable or pass --key-file <path>');
  }
  const hex = raw.startsWith('0x') ? raw.slice(2) : raw;
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new UsageError(`${source} does not hold a private key (32 bytes of hex)`);
  return `0x${hex}`;
}

/** The RPC URL without path, query or credentials (provider URLs often carry an API key). */
function redact(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname.length > 1 || parsed.search ? '/...' : ''}`;
  } catch {
    return '(an RPC URL)';
  }
}

/** Clients for the chain behind `url`: fast polling on a local node, gentler on a remote RPC. */
async function clientsFor(url: string, key: Hex): Promise<Clients> {
  const isLocal = /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:|\/|$)/.test(url);
  const pollingInterval = isLocal ? 10 : 2_000;
  const probe = createPublicClient({ transport: http(url) });
  const chainId = await probe.getChainId();
  const chain = localChain(chainId, url);
  const transport = http(url);
  return {
    public: createPublicClient({ chain, transport, pollingInterval, cacheTime: 0 }),
    wallet: createWalletClient({ chain, transport, account: privateKeyToAccount(key), pollingInterval, cacheTime: 0 }),
  };
}

async function main(): Promise<void> {
  const opts = options(process.argv.slice(2), process.env);
  const network = findNetwork(opts.network);
  if (opts.build) {
    print('building contracts...');
    forgeBuild();
  }
  const clients = await clientsFor(opts.rpcUrl, opts.key);
  print(`network ${network.name}, RPC ${redact(opts.rpcUrl)} (chain ${clients.public.chain.id}), deployer ${clients.wallet.account.address}`);
  const result = await deployNetwork(clients, network, { deploymentsDir: opts.deploymentsDir, log: print });
  const { deployment } = result;
  if (result.outcome === 'existing') {
    print(`already deployed on chain ${deployment.chainId}: nothing sent, the wiring verified again`);
  } else {
    print(`${result.outcome === 'resumed' ? 'resumed and finished' : 'deployed'}: every admin role is the timelock's, the deployer holds none`);
  }
  print(`deployment: ${result.path}`);
  for (const [name, address] of Object.entries(deployment.contracts)) if (address) print(`  ${name.padEnd(18)} ${address}`);
}

/** One line for an error: viem's short message and details (its full message repeats the RPC URL,
 * which may carry an API key), otherwise the message and the cause's. */
function describe(error: unknown): string {
  if (error instanceof BaseError) return `${error.name}: ${error.shortMessage}${error.details ? ` (${error.details})` : ''}`;
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `\n  caused by: ${describe(error.cause)}` : '';
  return `${error.name}: ${error.message}${cause}`;
}

main().catch((error: unknown) => {
  const usage = error instanceof UsageError || error instanceof UnknownNetworkError || error instanceof ChainMismatchError ||
    error instanceof NetworkConfigError;
  process.stderr.write(`error: ${describe(error)}\n`);
  process.exit(usage ? 2 : 1);
});
