/**
 * `npm start`: a local Bulwark.
 *
 * Starts anvil (state kept in .bulwark/anvil-state.json across restarts unless --fresh), deploys the
 * protocol with the demo products and its governance (BWK token, governor, timelock, claims manager)
 * the first time, funds the development accounts with mock USDC, puts capital in the pool from two
 * depositors, has the four assessors delegate their votes to themselves, writes
 * deployments/31337.json, prints the addresses and keeps running until Ctrl-C.
 *
 *   npm start                 # keep state
 *   npm start -- --fresh      # new chain
 *   npm start -- --port 8546  # another port
 *   npm start -- --exit       # deploy (or check the deployment), print, stop (used by the tests)
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { formatUnits, getAddress, maxUint256, parseUnits } from 'viem';

import { loadArtifact } from './lib/artifacts.js';
import { ANVIL_KEYS, anvilAddress, anvilKey, localClients, send, withKey } from './lib/chain.js';
import { demoConfig, deployBulwark, writeDeployment, type Deployment } from './lib/deploy.js';
import { forgeBuild, ROOT, startAnvil } from './lib/foundry.js';

/** Program output (this is a command, not library code). */
const print = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

const CHAIN_ID = 31337;

class UsageError extends Error {
  override name = 'UsageError';
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

const key = anvilKey;
const addressOf = anvilAddress;

/** Roles of the development accounts (anvil's default mnemonic). */
const ACCOUNTS = { deployer: 0, guardian: 1, depositorA: 3, depositorB: 4, assessors: [5, 6, 7, 8] } as const;

async function main(): Promise<void> {
  const { fresh, port, exit } = options();
  const stateDir = join(ROOT, '.bulwark');
  const stateFile = join(stateDir, 'anvil-state.json');
  mkdirSync(stateDir, { recursive: true });
  if (fresh) rmSync(stateFile, { force: true });

  print('building contracts...');
  forgeBuild();
  const anvil = await startAnvil({ port, stateFile, args: ['--chain-id', String(CHAIN_ID)] });
  const stop = async () => {
    await anvil.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());

  try {
    const admin = localClients(anvil.url, key(ACCOUNTS.deployer), CHAIN_ID);
    let deployment = await existingDeployment(admin.public, fresh);
    if (deployment) {
      print('found the deployment from an earlier run (use --fresh for a new chain)');
    } else {
      print('deploying...');
      deployment = await deployBulwark(
        admin,
        demoConfig({ guardian: addressOf(ACCOUNTS.guardian), assessors: ACCOUNTS.assessors.map(addressOf) }),
      );
      await seed(anvil.url, deployment);
      writeDeployment(deployment);
    }
    await printSummary(admin.public, anvil.url, deployment);
  } catch (error) {
    await anvil.stop();
    throw error;
  }
  if (exit) {
    await anvil.stop();
    return;
  }
  print('\nrunning; Ctrl-C stops (the chain is saved to .bulwark/anvil-state.json)');
}

/** The deployment recorded in deployments/31337.json, if its contracts exist on this chain. */
async function existingDeployment(client: ReturnType<typeof localClients>['public'], fresh: boolean): Promise<Deployment | undefined> {
  const path = join(ROOT, 'deployments', `${CHAIN_ID}.json`);
  if (fresh || !existsSync(path)) return undefined;
  const deployment = JSON.parse(readFileSync(path, 'utf8')) as Deployment;
  // A deployment from before governance existed lacks the ClaimsManager: deploy again.
  for (const address of [deployment.contracts.CoverManager, deployment.contracts.ClaimsManager]) {
    if (!address) return undefined;
    const code = await client.getCode({ address });
    if (!code || code === '0x') return undefined;
  }
  return deployment;
}

/** Mock USDC for every development account, capital from two depositors, and the assessors'
 * votes (delegated to themselves: undelegated tokens do not vote). */
async function seed(url: string, deployment: Deployment): Promise<void> {
  const admin = localClients(url, key(0), CHAIN_ID);
  const token = { address: deployment.contracts.MockUSDC, abi: loadArtifact('MockUSDC').abi };
  const pool = { address: deployment.contracts.CoverPool, abi: loadArtifact('CoverPool').abi };
  for (let i = 0; i < ANVIL_KEYS.length; i++) {
    await send(admin, { ...token, functionName: 'faucet', args: [addressOf(i), parseUnits('1000000', 6)] });
  }
  for (const [index, amount] of [[ACCOUNTS.depositorA, '600000'], [ACCOUNTS.depositorB, '400000']] as const) {
    const lp = withKey(admin, key(index));
    await send(lp, { ...token, functionName: 'approve', args: [pool.address, maxUint256] });
    await send(lp, { ...pool, functionName: 'deposit', args: [parseUnits(amount, 6), addressOf(index)] });
  }
  const bwk = { address: deployment.contracts.BulwarkToken, abi: loadArtifact('BulwarkToken').abi };
  for (const index of ACCOUNTS.assessors) {
    await send(withKey(admin, key(index)), { ...bwk, functionName: 'delegate', args: [addressOf(index)] });
  }
}

async function printSummary(client: ReturnType<typeof localClients>['public'], url: string, deployment: Deployment): Promise<void> {
  const pool = { address: deployment.contracts.CoverPool, abi: loadArtifact('CoverPool').abi };
  const capital = (await client.readContract({ ...pool, functionName: 'totalAssets' })) as bigint;
  print(`\nBulwark on ${url} (chain ${deployment.chainId}, from block ${deployment.startBlock})`);
  for (const [name, address] of Object.entries(deployment.contracts)) print(`  ${name.padEnd(18)} ${getAddress(address)}`);
  print(`  pool capital       ${formatUnits(capital, 6)} USDC`);
  print('products (claims decided by BWK holders through the ClaimsManager):');
  for (const product of deployment.products) print(`  #${product.id} ${product.name}`);
  const g = deployment.governance;
  const days = (seconds: number) => `${seconds / 86_400} d`;
  print(`governance: voting delay ${days(g.votingDelay)}, voting ${days(g.votingPeriod)}, timelock ${days(g.timelockDelay)}, ` +
    `quorum ${g.quorumPercent}%, proposal threshold ${formatUnits(BigInt(g.proposalThreshold), 18)} BWK; ` +
    `the timelock ${g.timelockIsAdmin ? 'holds every admin role' : 'holds no admin role'}`);
  const bwk = { address: deployment.contracts.BulwarkToken, abi: loadArtifact('BulwarkToken').abi };
  print(`BWK (fixed supply ${formatUnits(BigInt(g.token.supply), 18)}):`);
  for (const a of g.token.distribution) {
    const votes = (await client.readContract({ ...bwk, functionName: 'getVotes', args: [a.recipient] })) as bigint;
    print(`  ${a.label.padEnd(24)} ${formatUnits(BigInt(a.amount), 18).padStart(11)} BWK, ${formatUnits(votes, 18)} votes  ${getAddress(a.recipient)}`);
  }
  print('development accounts (anvil mnemonic): 0 deployer (holds no role after deployment), 1 guardian, 3-4 depositors, 5-8 assessors (BWK holders, self-delegated), 2 and 9 users');
  print(`deployment written to deployments/${deployment.chainId}.json`);
}

main().catch((error: unknown) => {
  console.error(error instanceof UsageError ? `error: ${error.message}` : error);
  process.exit(error instanceof UsageError ? 2 : 1);
});
