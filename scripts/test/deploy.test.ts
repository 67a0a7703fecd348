/**
 * End-to-end: `tsx scripts/deploy.ts` against a real anvil, as a child process with the key in the
 * environment. A deployment leaves the deployer with no role anywhere; a re-run sends nothing and
 * leaves the file alone; a run killed half way resumes from its journal; a wrong chain id or a
 * missing key is refused with a clear message.
 *
 * Needs compiled contracts (contracts/out: `npm run build`, or any `npm start`).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, test } from 'node:test';
import { createPublicClient, http, toHex, zeroAddress, type Abi, type AbiFunction, type Address, type Hex } from 'viem';

import { parseDeployment, type Deployment } from '../../packages/sdk/src/deployment.js';
import { loadArtifact } from '../lib/artifacts.js';
import type { NetworkConfig } from '../../deploy/networks/config.js';
import local from '../../deploy/networks/local.js';
import { anvilAddress, anvilKey, deploy, localClients } from '../lib/chain.js';
import { deployNetwork, DeploymentStateError, Roles } from '../lib/deploy.js';
import { ROOT, startAnvil, type Anvil } from '../lib/foundry.js';

const PORT = 8675;
const KEY = anvilKey(0);
const DEPLOYER = anvilAddress(0);
const SCRIPT = join(ROOT, 'scripts', 'deploy.ts');

const dirs: string[] = [];
let anvil: Anvil | undefined;

/** A fresh anvil (chain 31337) on PORT, replacing the previous test's. */
async function freshChain(args: string[] = []): Promise<{ url: string; client: ReturnType<typeof createPublicClient> }> {
  await anvil?.stop();
  anvil = await startAnvil({ port: PORT, args });
  return { url: anvil.url, client: createPublicClient({ transport: http(anvil.url) }) };
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-deploy-'));
  dirs.push(dir);
  return dir;
}

/** The environment of a child: this one's, without any deployer key or RPC URL of the caller's shell. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  if (!('DEPLOYER_PRIVATE_KEY' in extra)) delete env.DEPLOYER_PRIVATE_KEY;
  if (!('BULWARK_RPC_URL' in extra)) delete env.BULWARK_RPC_URL;
  return env;
}

function deployCommand(args: string[], env: Record<string, string> = { DEPLOYER_PRIVATE_KEY: KEY }) {
  // --skip-build: start.test.ts builds the contracts, possibly at the same time; two forge builds of
  // one project at once are not safe.
  const result = spawnSync(process.execPath, ['--import', 'tsx', SCRIPT, '--skip-build', ...args], { cwd: ROOT, encoding: 'utf8', env: childEnv(env), timeout: 120_000 });
  assert.ok(!result.stdout.includes(KEY.slice(2)) && !result.stderr.includes(KEY.slice(2)), 'the key is never printed');
  return result;
}

/** Every role id a contract's ABI names (`X_ROLE()` constants), read on chain, plus the roles we know. */
async function rolesOf(client: ReturnType<typeof createPublicClient>, address: Address, abi: Abi): Promise<Hex[]> {
  const named = abi.filter((item): item is AbiFunction => item.type === 'function' && /_ROLE$/.test(item.name) && item.inputs.length === 0);
  const read = await Promise.all(named.map((f) => client.readContract({ address, abi, functionName: f.name }) as Promise<Hex>));
  return [...new Set<Hex>([...Object.values(Roles), ...read])];
}

/** Every (contract, role) the deployer holds, over every contract of the deployment with AccessControl. */
async function deployerRoles(client: ReturnType<typeof createPublicClient>, deployment: Deployment): Promise<string[]> {
  const held: string[] = [];
  let checked = 0;
  for (const [name, address] of Object.entries(deployment.contracts)) {
    if (!address) continue;
    const abi = loadArtifact(name).abi;
    if (!abi.some((item) => item.type === 'function' && item.name === 'hasRole')) continue;
    for (const role of await rolesOf(client, address, abi)) {
      checked++;
      if (await client.readContract({ address, abi, functionName: 'hasRole', args: [role, DEPLOYER] })) held.push(`${name} ${role}`);
    }
  }
  assert.ok(checked >= 4 * 5, `roles checked on the four AccessControl contracts (${checked})`);
  return held;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

after(async () => {
  await anvil?.stop();
});

test('deploys to a fresh chain, leaves the deployer no role, and a re-run deploys nothing', async () => {
  const { url, client } = await freshChain();
  const dir = tempDir();
  const args = ['--network', 'local', '--rpc-url', url, '--deployments-dir', dir];

  const first = deployCommand(args);
  assert.equal(first.status, 0, `deploy failed:\n${first.stdout}\n${first.stderr}`);
  assert.match(first.stdout, /deploying\.\.\./);
  assert.match(first.stdout, /wiring verified/);
  const file = join(dir, '31337.json');
  const written = readFileSync(file, 'utf8');
  const deployment = parseDeployment(JSON.parse(written), file);
  assert.equal(deployment.chainId, 31337);
  assert.equal(deployment.network, 'local');
  assert.deepEqual(deployment.asset, { address: deployment.contracts.MockUSDC, symbol: 'USDC', decimals: 6 });
  assert.equal(deployment.feeds['USDC/USD'], deployment.contracts.MockAggregator);
  assert.equal(new Set(deployment.products.map((p) => p.kind)).size, 5, 'five products of five kinds');
  assert.equal(deployment.governance.timelockIsAdmin, true);
  assert.ok(!existsSync(join(dir, '31337.journal.json')), 'the journal is gone once the deployment is written');
  for (const [name, address] of Object.entries(deployment.contracts)) {
    const code = await client.getCode({ address: address as Address });
    assert.ok(code && code !== '0x', `${name} has code`);
  }
  assert.deepEqual(await deployerRoles(client, deployment), [], 'the deployer holds no role on any contract');

  const nonce = await client.getTransactionCount({ address: DEPLOYER });
  const again = deployCommand(args);
  assert.equal(again.status, 0, `re-run failed:\n${again.stdout}\n${again.stderr}`);
  assert.match(again.stdout, /already deployed/);
  assert.doesNotMatch(again.stdout, /deploying\.\.\./);
  assert.equal(await client.getTransactionCount({ address: DEPLOYER }), nonce, 'the re-run sent no transaction');
  assert.equal(readFileSync(file, 'utf8'), written, 'the deployment file is unchanged');

  // Contracts that changed since the deployment (one byte of the CoverManager's code here) are named,
  // not silently used with ABIs they do not have.
  const managerCode = (await client.getCode({ address: deployment.contracts.CoverManager }))!;
  const at = 2 + 2 * 200;
  const changed = `${managerCode.slice(0, at)}${managerCode.slice(at, at + 2) === 'ff' ? '00' : 'ff'}${managerCode.slice(at + 2)}`;
  await client.request({ method: 'anvil_setCode' as never, params: [deployment.contracts.CoverManager, changed] as never });
  const stale = deployCommand(args);
  assert.notEqual(stale.status, 0, 'a deployment running other code is refused');
  assert.match(`${stale.stdout}${stale.stderr}`, /CoverManager 0x[0-9a-fA-F]{40} runs other code than contracts\/out/);
  assert.match(`${stale.stdout}${stale.stderr}`, /npm start -- --fresh/);
});

test('a run killed half way resumes from its journal and finishes', async () => {
  const { url, client } = await freshChain();
  const dir = tempDir();
  const journal = join(dir, '31337.journal.json');
  const args = ['--network', 'local', '--rpc-url', url, '--deployments-dir', dir];

  // Kill the deployment once it has recorded its third contract.
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, '--skip-build', ...args], { cwd: ROOT, env: childEnv({ DEPLOYER_PRIVATE_KEY: KEY }), stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const recorded = (): Record<string, Address> => {
    try {
      return (JSON.parse(readFileSync(journal, 'utf8')) as { contracts: Record<string, Address> }).contracts;
    } catch {
      return {};
    }
  };
  const deadline = Date.now() + 60_000;
  while (Object.keys(recorded()).length < 3 && child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
  child.kill('SIGKILL');
  await exited;
  const before = recorded();
  assert.ok(Object.keys(before).length >= 3 && !existsSync(join(dir, '31337.json')), `killed half way (journal: ${Object.keys(before).join(', ')})`);
  const nonceBefore = await client.getTransactionCount({ address: DEPLOYER });

  // The re-run takes the key from a file this time.
  const keyFile = join(dir, 'deployer.key');
  writeFileSync(keyFile, `${KEY}\n`, { mode: 0o600 });
  const resumed = deployCommand([...args, '--key-file', keyFile], {});
  assert.equal(resumed.status, 0, `resume failed:\n${resumed.stdout}\n${resumed.stderr}`);
  assert.match(resumed.stdout, /resuming the deployment recorded in/);
  const deployment = parseDeployment(JSON.parse(readFileSync(join(dir, '31337.json'), 'utf8')));
  const byName: Record<string, Address | undefined> = { ...deployment.contracts, 'MockAggregator USDC/USD': deployment.contracts.MockAggregator };
  for (const [name, address] of Object.entries(before)) assert.equal(byName[name], address, `${name} reused, not deployed again`);
  assert.ok(!existsSync(journal), 'the journal is gone');
  assert.equal(deployment.startBlock, 1, 'the start block is the first run\'s');
  assert.deepEqual(await deployerRoles(client, deployment), []);
  assert.ok((await client.getTransactionCount({ address: DEPLOYER })) > nonceBefore);
});

test('refuses an RPC serving another chain than the network configuration names', async () => {
  const { url, client } = await freshChain();
  const dir = tempDir();
  const result = deployCommand(['--network', 'sepolia', '--rpc-url', url, '--deployments-dir', dir]);
  assert.notEqual(result.status, 0);
  assert.match(result.stderr, /wrong chain: network "sepolia" is chain id 11155111, but the RPC serves chain id 31337/);
  assert.equal(await client.getTransactionCount({ address: DEPLOYER }), 0, 'nothing sent');
  assert.ok(!existsSync(join(dir, '31337.json')));
});

test('refuses to run without a deployer key, or with one given as a flag', async () => {
  const { url } = await freshChain();
  const dir = tempDir();
  const missing = deployCommand(['--network', 'local', '--rpc-url', url, '--deployments-dir', dir], {});
  assert.notEqual(missing.status, 0);
  assert.match(missing.stderr, /no deployer key: set the DEPLOYER_PRIVATE_KEY environment variable or pass --key-file <path>/);

  const flag = deployCommand(['--network', 'local', '--rpc-url', url, '--private-key', KEY], {});
  assert.notEqual(flag.status, 0);
  assert.match(flag.stderr, /never taken as a flag value/);

  const badFile = join(dir, 'key');
  const fromFile = deployCommand(['--network', 'local', '--rpc-url', url, '--deployments-dir', dir, '--key-file', badFile], {});
  assert.notEqual(fromFile.status, 0);
  assert.match(fromFile.stderr, /cannot read the key file/);
});

test('on a chain that is not for development, a journal or file that does not fit is refused, not replaced', async () => {
  const { url } = await freshChain();
  const dir = tempDir();
  const base: NetworkConfig = local;
  const testnet: NetworkConfig = {
    ...base,
    name: 'testnet',
    chainId: undefined,
    development: false,
    deployConfig: (context) => ({ ...base.deployConfig(context), network: 'testnet' }),
  };
  const clients = localClients(url, KEY);

  const journal = join(dir, '31337.journal.json');
  writeFileSync(journal, JSON.stringify({ network: 'testnet', chainId: 31337, deployer: DEPLOYER, configHash: '0x00', contracts: {} }));
  await assert.rejects(deployNetwork(clients, testnet, { deploymentsDir: dir }), (error: Error) =>
    error instanceof DeploymentStateError && /made with another configuration/.test(error.message) && /delete the journal/.test(error.message));
  assert.ok(existsSync(journal), 'the journal is left for the user to look at');
  rmSync(journal);

  const { deployment } = await deployNetwork(clients, testnet, { deploymentsDir: dir });
  assert.equal(deployment.network, 'testnet');
  const file = join(dir, '31337.json');
  const gone = '0x000000000000000000000000000000000000dEaD';
  writeFileSync(file, JSON.stringify({ ...deployment, contracts: { ...deployment.contracts, ClaimsManager: gone } }));
  await assert.rejects(deployNetwork(clients, testnet, { deploymentsDir: dir }), (error: Error) =>
    error instanceof DeploymentStateError && error.message.includes(`ClaimsManager ${gone}`) && /Move the file away/.test(error.message));
});

test('the sepolia configuration deploys over an existing USDC and Chainlink feed (on a Sepolia look-alike)', async () => {
  const { url, client } = await freshChain(['--chain-id', '11155111']);
  const dir = tempDir();
  // Circle's USDC and Chainlink's USDC/USD feed at their Sepolia addresses: a MockUSDC's and a
  // MockAggregator's code (immutables included), and the token's name and symbol slots.
  const stranger = localClients(url, anvilKey(9), 11_155_111);
  const usdcCopy = await deploy(stranger, loadArtifact('MockUSDC'));
  const feedCopy = await deploy(stranger, loadArtifact('MockAggregator'), [8, 'USDC / USD', 100_000_000n]);
  const rpc = (method: string, params: unknown[]) => client.request({ method: method as never, params: params as never });
  const USDC: Address = '0x1c7D4B196Cb0C7B01d743Fbc6116a902379C7238';
  const FEED: Address = '0xA2F78ab2355fe2f984D808B5CeE7FD0A93D5270E';
  await rpc('anvil_setCode', [USDC, await client.getCode({ address: usdcCopy.address })]);
  for (const slot of [3n, 4n]) {
    const value = await client.getStorageAt({ address: usdcCopy.address, slot: toHex(slot, { size: 32 }) });
    await rpc('anvil_setStorageAt', [USDC, toHex(slot, { size: 32 }), value]);
  }
  await rpc('anvil_setCode', [FEED, await client.getCode({ address: feedCopy.address })]);

  const args = ['--network', 'sepolia', '--rpc-url', url, '--deployments-dir', dir];
  const noGuardian = deployCommand(args);
  assert.notEqual(noGuardian.status, 0);
  assert.match(noGuardian.stderr, /set BULWARK_GUARDIAN to the guardian/);

  const guardian = anvilAddress(1);
  const noSigners = deployCommand(args, { DEPLOYER_PRIVATE_KEY: KEY, BULWARK_GUARDIAN: guardian });
  assert.notEqual(noSigners.status, 0);
  assert.match(noSigners.stderr, /BULWARK_ORACLE_SIGNERS is not set/);
  const signers = [anvilAddress(7), anvilAddress(8), anvilAddress(9)];
  const result = deployCommand(args, { DEPLOYER_PRIVATE_KEY: KEY, BULWARK_GUARDIAN: guardian, BULWARK_ORACLE_SIGNERS: signers.join(',') });
  assert.equal(result.status, 0, `deploy failed:\n${result.stdout}\n${result.stderr}`);
  const deployment = parseDeployment(JSON.parse(readFileSync(join(dir, '11155111.json'), 'utf8')));
  assert.equal(deployment.network, 'sepolia');
  assert.deepEqual(deployment.asset, { address: USDC, symbol: 'USDC', decimals: 6 });
  assert.deepEqual(deployment.feeds, { 'USDC/USD': FEED });
  assert.equal(deployment.contracts.MockUSDC, undefined, 'no mock token');
  assert.equal(deployment.contracts.MockAggregator, undefined, 'no mock feed');
  assert.equal(deployment.governance.timelockDelay, 3_600);
  assert.deepEqual(deployment.governance.token.distribution.map((a) => a.recipient), [deployment.contracts.TimelockController, DEPLOYER]);
  assert.deepEqual(await deployerRoles(client, deployment), []);
  const claims = { address: deployment.contracts.ClaimsManager, abi: loadArtifact('ClaimsManager').abi };
  assert.equal(await client.readContract({ ...claims, functionName: 'hasRole', args: [Roles.GUARDIAN, guardian] }), true, 'the guardian from BULWARK_GUARDIAN');
  const reports = { address: deployment.contracts.SignedReportTrigger ?? zeroAddress, abi: loadArtifact('SignedReportTrigger').abi };
  assert.deepEqual(await client.readContract({ ...reports, functionName: 'signers' }), [3n, 2n], 'three oracle signers, a majority must sign');
  assert.deepEqual(deployment.products.map((p) => p.claimRoute), ['ClaimsManager', 'ClaimsManager', 'ChainlinkDepegTrigger', 'SignedReportTrigger', 'SignedReportTrigger']);
});
