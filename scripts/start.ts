/**
 * `npm start`: a local Bulwark.
 *
 * Starts anvil (state kept in .bulwark/anvil-state.json across restarts unless --fresh), deploys the
 * `local` network configuration (deploy/networks/local.ts) through the same code as
 * `scripts/deploy.ts`, so a restart finds the saved deployment and only re-verifies it, then seeds
 * the demo once: mock USDC for every development account, capital in the pool from two depositors,
 * the four assessors' BWK delegated to themselves. Then it starts the services (keeper, indexer, web
 * app), prints the URLs, the contracts, the products and the development accounts, and keeps running
 * until Ctrl-C, which stops every process it started.
 *
 *   npm start                 # keep state
 *   npm start -- --fresh      # new chain
 *   npm start -- --port 8546  # another port
 *   npm start -- --exit       # deploy (or check the deployment), print, stop (used by the tests)
 */
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { formatUnits, getAddress, maxUint256, parseUnits, type Address } from 'viem';

import { createLogger, parseConfig, startKeeperService } from '@bulwark/keeper';

import { startWeb } from '../apps/web/server.js';
import { startIndexer } from '../packages/indexer/service.js';

import local, { LOCAL_ACCOUNTS, localOracleAccount } from '../deploy/networks/local.js';
import { loadArtifact } from './lib/artifacts.js';
import { ANVIL_KEYS, anvilAddress, anvilKey, localClients, send, withKey, type Clients } from './lib/chain.js';
import { DEFAULT_DEPLOYMENTS_DIR, deployNetwork, type Deployment } from './lib/deploy.js';
import { forgeBuild, ROOT, startAnvil } from './lib/foundry.js';

/** Program output (this is a command, not library code). */
const print = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

const CHAIN_ID = local.chainId;

class UsageError extends Error {
  override name = 'UsageError';
}

/** Error for a deployment the demo cannot be seeded on. */
class SeedError extends Error {
  override name = 'SeedError';
}

function options() {
  const { values } = parseArgs({
    options: {
      fresh: { type: 'boolean', default: false },
      port: { type: 'string', default: '8545' },
      exit: { type: 'boolean', default: false },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new UsageError(`--port must be 1-65535, got ${values.port}`);
  return { fresh: values.fresh ?? false, port, exit: values.exit ?? false };
}

/** Roles of the development accounts (anvil's default mnemonic). */
const ACCOUNTS = { ...LOCAL_ACCOUNTS, users: [2, 9] } as const;
/** What the two depositors put in the pool (USDC). */
const DEPOSITS = [['600000', ACCOUNTS.depositors[0]], ['400000', ACCOUNTS.depositors[1]]] as const;

/** What every service receives: the chain and the deployment on it. */
interface ServiceContext {
  rpcUrl: string;
  deployment: Deployment;
  deploymentsDir: string;
  /** `.bulwark/`: where services keep their state and logs. */
  stateDir: string;
  /**
   * The chain's port; services derive theirs from it: the keeper port + 10 (8555 by default), the
   * indexer port + 20 (8565), the web app port + 30 (8575).
   */
  port: number;
  /** A new chain (deployed and seeded just now): services drop state kept for an earlier chain. */
  freshChain: boolean;
}

interface RunningService {
  url?: string;
  stop(): Promise<void>;
}

/** A process `npm start` runs once the demo is deployed and seeded. */
interface Service {
  name: string;
  start(context: ServiceContext): Promise<RunningService>;
}

/** A local oracle signer's private key (anvil's public mnemonic). */
const oracleKey = (index: number): `0x${string}` => `0x${Buffer.from(localOracleAccount(index).getHdKey().privateKey!).toString('hex')}`;

/**
 * The keeper (packages/keeper): proves de-pegs from the mock feed, finalizes signed reports after
 * their dispute window, pays every trigger event's covers in batches (exactly once, across restarts:
 * state in .bulwark/keeper.db), resolves claims whose vote ended and pays accepted claims and
 * incidents. It sends with account 0 (which holds no role: every keeper action is permissionless).
 * Its oracle node watches the simulated flight BA117 today and signs with oracle accounts 10 and 11
 * (LOCAL SHORTCUT: one process holding two oracle keys to reach the 2-of-3 threshold; real oracles
 * run separate nodes). `POST /simulate/flight` on its port makes a flight late or cancelled.
 * Logs: .bulwark/keeper.log (JSON lines).
 */
const keeperService: Service = {
  name: 'keeper',
  async start(context) {
    const dbPath = join(context.stateDir, 'keeper.db');
    if (context.freshChain) for (const suffix of ['', '-wal', '-shm']) rmSync(`${dbPath}${suffix}`, { force: true });
    const port = context.port + 10;
    const today = new Date().toISOString().slice(0, 10);
    const flight = context.deployment.products.find((p) => p.kind === 'flight-delay');
    const env = { BULWARK_KEEPER_KEY: anvilKey(ACCOUNTS.deployer), BULWARK_ORACLE_KEY: oracleKey(10), BULWARK_ORACLE2_KEY: oracleKey(11) };
    const config = parseConfig(
      {
        rpcUrl: context.rpcUrl,
        deploymentsDir: context.deploymentsDir,
        dbPath,
        http: { port, host: '127.0.0.1' },
        pollIntervalSeconds: 2,
        maxTickAgeSeconds: 30,
        oracle: { key: { env: 'BULWARK_ORACLE_KEY' }, cosigners: [{ env: 'BULWARK_ORACLE2_KEY' }] },
        keeper: { key: { env: 'BULWARK_KEEPER_KEY' }, batchSize: 100, pollIntervalSeconds: 2, rpcPollingMs: 250 },
        sources: {
          // BA117 is on schedule until POST /simulate/flight says otherwise.
          flight: { kind: 'simulated', flights: [{ flight: 'BA117', date: today, scheduledDeparture: `${today}T23:59:00Z`, actualDeparture: null, status: 'scheduled' }] },
        },
        simulateEndpoint: true,
        watches: flight ? [{ kind: 'flight', productId: flight.id, flight: 'BA117', date: today }] : [],
      },
      { env },
    );
    const log = createWriteStream(join(context.stateDir, 'keeper.log'), { flags: 'a' });
    const logger = createLogger({ level: 'info', base: { service: 'bulwark-keeper' }, write: (line) => void log.write(`${line}\n`) });
    const keeper = await startKeeperService({ config, env, logger });
    print(`  keeper: account #${ACCOUNTS.deployer} pays gas; oracle signers #10 + #11; logs .bulwark/keeper.log; health ${keeper.url}/health`);
    print(`  make BA117 late: curl -X POST ${keeper.url}/simulate/flight -d '{"flight":"BA117","delayMinutes":150}'`);
    return {
      url: keeper.url,
      async stop() {
        await keeper.stop();
        await new Promise<void>((resolve) => log.end(() => resolve()));
      },
    };
  },
};

/**
 * The indexer (packages/indexer: Ponder over the deployment's events, PGlite in .bulwark/indexer, or
 * PostgreSQL when DATABASE_URL is set): REST under /api, GraphQL at /graphql. A restart resumes where
 * it stopped; data of an earlier chain is detected by its fingerprint and reset. Logs:
 * .bulwark/indexer.log.
 */
const indexerService: Service = {
  name: 'indexer',
  async start(context) {
    const indexer = await startIndexer({
      rpcUrl: context.rpcUrl,
      deploymentFile: join(context.deploymentsDir, `${context.deployment.chainId}.json`),
      port: context.port + 20,
      dataDir: join(context.stateDir, 'indexer'),
      logFile: join(context.stateDir, 'indexer.log'),
    });
    try {
      await indexer.ready(180_000);
    } catch (error) {
      await indexer.stop();
      throw error;
    }
    print(`  indexer: ${indexer.url}/api/totals, GraphQL ${indexer.url}/graphql${indexer.reset ? ' (data of an earlier chain reset)' : ''}`);
    return { url: indexer.url, stop: () => indexer.stop() };
  },
};

/**
 * The web app (apps/web): built once (again after a source change) and served with the deployment,
 * the RPC URL and the indexer (proxied under /api) in /config.json. On this chain it offers a
 * development wallet over anvil's accounts, so no browser extension is needed.
 */
const webService: Service = {
  name: 'web',
  async start(context) {
    const indexerUrl = `http://127.0.0.1:${context.port + 20}`;
    const web = await startWeb({ port: context.port + 30, rpcUrl: context.rpcUrl, indexerUrl, deployment: context.deployment });
    return web;
  },
};

/** The services, started in this order after the chain and stopped in reverse. */
const services: readonly Service[] = [keeperService, indexerService, webService];

async function main(): Promise<void> {
  const { fresh, port, exit } = options();
  const stateDir = join(ROOT, '.bulwark');
  const stateFile = join(stateDir, 'anvil-state.json');
  // anvil writes its state on exit but does not create the directory (a fresh clone has none).
  mkdirSync(stateDir, { recursive: true });
  if (fresh) {
    rmSync(stateFile, { force: true });
    for (const suffix of ['', '-wal', '-shm']) rmSync(join(stateDir, `keeper.db${suffix}`), { force: true });
    rmSync(join(stateDir, 'indexer'), { recursive: true, force: true });
    for (const file of [`${CHAIN_ID}.json`, `${CHAIN_ID}.journal.json`]) rmSync(join(DEFAULT_DEPLOYMENTS_DIR, file), { force: true });
  }

  print('building contracts...');
  forgeBuild();

  // Everything started, newest last; stopped newest first (the chain last, which saves its state).
  const running: { name: string; service: RunningService }[] = [];
  const stopAll = async (): Promise<void> => {
    for (const { name, service } of running.splice(0).reverse()) {
      try {
        await service.stop();
      } catch (error) {
        process.stderr.write(`could not stop ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
      }
    }
  };
  // A second Ctrl-C while stopping (or the same signal relayed by a wrapper such as tsx) must not kill
  // this process before its children: the chain would outlive it and not save its state.
  let stopping = false;
  const onSignal = () => {
    if (stopping) {
      print('still stopping (saving the chain)...');
      return;
    }
    stopping = true;
    print('\nstopping...');
    void stopAll().then(() => process.exit(0));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  await assertPortFree(port);
  // startAnvil saves the chain with its historical states: an indexer that must re-index after a restart
  // (its code changed, its data was deleted) reads contracts at past blocks.
  const anvil = await startAnvil({ port, stateFile, args: ['--chain-id', String(CHAIN_ID)] });
  running.push({ name: 'chain (anvil)', service: { url: anvil.url, stop: () => anvil.stop() } });
  // Whatever ends this process (even a crash), the chain does not outlive it; SIGTERM still saves its state.
  process.once('exit', () => {
    if (anvil.process.exitCode === null) anvil.process.kill('SIGTERM');
  });
  try {
    const admin = localClients(anvil.url, anvilKey(ACCOUNTS.deployer), CHAIN_ID);
    const { deployment, outcome } = await deployNetwork(admin, local, { log: print });
    if (outcome === 'existing') print('found the deployment from an earlier run (use --fresh for a new chain)');
    const freshChain = await needsSeed(admin, deployment);
    if (freshChain) {
      print('seeding the demo: USDC for the development accounts, pool capital, assessors\' votes...');
      await seed(admin, deployment);
    }
    const context: ServiceContext = { rpcUrl: anvil.url, deployment, deploymentsDir: DEFAULT_DEPLOYMENTS_DIR, stateDir, port, freshChain };
    for (const service of services) {
      print(`starting ${service.name}...`);
      running.push({ name: service.name, service: await service.start(context) });
    }
    await printSummary(admin, deployment, running);
  } catch (error) {
    await stopAll();
    throw error;
  }
  if (exit) {
    await stopAll();
    return;
  }
  print('\nrunning; Ctrl-C stops everything (the chain is saved to .bulwark/anvil-state.json)');
}

/** Refuses a port something already answers on (anvil would fail to bind, and we would talk to that instead). */
async function assertPortFree(port: number): Promise<void> {
  const answered = await fetch(`http://127.0.0.1:${port}`, { method: 'POST', signal: AbortSignal.timeout(2_000) }).then(
    () => true,
    () => false,
  );
  if (answered) throw new UsageError(`port ${port} is in use (another npm start?): stop it, or pick another with --port`);
}

/** Whether the demo still needs its seed: the pool holds nothing (a new chain, or a seed that was interrupted). */
async function needsSeed(admin: Clients, deployment: Deployment): Promise<boolean> {
  const pool = { address: deployment.contracts.CoverPool, abi: loadArtifact('CoverPool').abi };
  return ((await admin.public.readContract({ ...pool, functionName: 'totalSupply' })) as bigint) === 0n;
}

/** Mock USDC for every development account, capital from two depositors, and the assessors'
 * votes (delegated to themselves: undelegated tokens do not vote). */
async function seed(admin: Clients, deployment: Deployment): Promise<void> {
  const mockUsdc = deployment.contracts.MockUSDC;
  if (!mockUsdc) throw new SeedError('the local deployment has no MockUSDC to seed from');
  const token = { address: mockUsdc, abi: loadArtifact('MockUSDC').abi };
  const pool = { address: deployment.contracts.CoverPool, abi: loadArtifact('CoverPool').abi };
  for (let i = 0; i < ANVIL_KEYS.length; i++) {
    await send(admin, { ...token, functionName: 'faucet', args: [anvilAddress(i), parseUnits('1000000', 6)] });
  }
  for (const [amount, index] of DEPOSITS) {
    const lp = withKey(admin, anvilKey(index));
    await send(lp, { ...token, functionName: 'approve', args: [pool.address, maxUint256] });
    await send(lp, { ...pool, functionName: 'deposit', args: [parseUnits(amount, 6), anvilAddress(index)] });
  }
  const bwk = { address: deployment.contracts.BulwarkToken, abi: loadArtifact('BulwarkToken').abi };
  for (const index of ACCOUNTS.assessors) {
    await send(withKey(admin, anvilKey(index)), { ...bwk, functionName: 'delegate', args: [anvilAddress(index)] });
  }
}

/** `value` with all of its `decimals` shown (100000000n, 8 -> "1.00000000"). */
function fixed(value: bigint, decimals: number): string {
  const [whole, fraction = ''] = formatUnits(value, decimals).split('.');
  return decimals === 0 ? `${whole}` : `${whole}.${fraction.padEnd(decimals, '0')}`;
}

/** What each development account is for in the demo. */
function accountRole(index: number): string {
  if (index === ACCOUNTS.deployer) return 'deployer (holds no role after deployment; pushes the mock feed\'s answers)';
  if (index === ACCOUNTS.guardian) return 'guardian (may pause sales and payouts for a bounded time)';
  const deposit = DEPOSITS.find(([, i]) => i === index);
  if (deposit) return `depositor (${deposit[0]} USDC in the pool)`;
  const assessor = ACCOUNTS.assessors.indexOf(index as (typeof ACCOUNTS.assessors)[number]);
  if (assessor >= 0) return `assessor ${assessor + 1} (BWK holder, self-delegated: votes on claims and proposals)`;
  return 'user (buy cover, file claims)';
}

async function printSummary(admin: Clients, deployment: Deployment, running: readonly { name: string; service: RunningService }[]): Promise<void> {
  const client = admin.public;
  const read = <T>(address: Address, artifact: string, functionName: string, args: readonly unknown[] = []) =>
    client.readContract({ address, abi: loadArtifact(artifact).abi, functionName, args }) as Promise<T>;
  const { asset } = deployment;
  const capital = await read<bigint>(deployment.contracts.CoverPool, 'CoverPool', 'totalAssets');

  const rpc = running[0]?.service.url ?? '';
  print(`\nBulwark on ${rpc} (chain ${deployment.chainId}, network ${deployment.network}, from block ${deployment.startBlock})`);
  print('contracts:');
  for (const [name, address] of Object.entries(deployment.contracts)) {
    if (address) print(`  ${name.padEnd(18)} ${getAddress(address)}`);
  }
  print(`  pool capital       ${formatUnits(capital, asset.decimals)} ${asset.symbol}`);
  print(`asset: ${asset.symbol} (${asset.decimals} decimals) ${asset.address}${deployment.contracts.MockUSDC ? '; a mock: anyone can mint up to 1,000,000 a call with faucet()' : ''}`);
  print('price feeds:');
  for (const [pair, address] of Object.entries(deployment.feeds)) {
    const [decimals, round] = await Promise.all([
      read<number>(address, 'MockAggregator', 'decimals'),
      read<readonly [bigint, bigint, bigint, bigint, bigint]>(address, 'MockAggregator', 'latestRoundData'),
    ]);
    const mock = address === deployment.contracts.MockAggregator ? ' (mock: the deployer pushes answers)' : '';
    print(`  ${pair.padEnd(18)} ${address}  ${fixed(round[1], decimals)}${mock}`);
  }

  print('products (claims decided by BWK holders through the ClaimsManager):');
  for (const product of deployment.products) {
    print(`  #${product.id} ${product.kind.padEnd(17)} ${product.key.padEnd(16)} ${product.name}`);
  }

  const g = deployment.governance;
  const days = (seconds: number) => `${seconds / 86_400} d`;
  print(`governance: voting delay ${days(g.votingDelay)}, voting ${days(g.votingPeriod)}, timelock ${days(g.timelockDelay)}, ` +
    `quorum ${g.quorumPercent}%, proposal threshold ${formatUnits(BigInt(g.proposalThreshold), 18)} BWK; ` +
    `the timelock ${g.timelockIsAdmin ? 'holds every admin role' : 'holds no admin role'}`);
  print(`BWK (fixed supply ${formatUnits(BigInt(g.token.supply), 18)}):`);
  for (const a of g.token.distribution) {
    const votes = await read<bigint>(deployment.contracts.BulwarkToken, 'BulwarkToken', 'getVotes', [a.recipient]);
    print(`  ${a.label.padEnd(24)} ${formatUnits(BigInt(a.amount), 18).padStart(11)} BWK, ${formatUnits(votes, 18)} votes  ${getAddress(a.recipient)}`);
  }

  print('development accounts: anvil\'s public test mnemonic ("test test ... junk"); everyone knows these keys, never use them on a real chain');
  for (let i = 0; i < ANVIL_KEYS.length; i++) {
    print(`  #${i} ${anvilAddress(i)}  key ${anvilKey(i)}  ${accountRole(i)}`);
  }
  print('running:');
  for (const { name, service } of running) print(`  ${name.padEnd(18)} ${service.url ?? ''}`);
  print(`deployment: deployments/${deployment.chainId}.json`);
  const web = running.find(({ name }) => name === 'web')?.service.url;
  if (web) print(`web app: ${web} (English / 繁體中文; development wallet: pick an account above)`);
  print('you can now run `npx bulwark status` in another terminal');
}

main().catch((error: unknown) => {
  console.error(error instanceof UsageError ? `error: ${error.message}` : error);
  process.exit(error instanceof UsageError ? 2 : 1);
});
