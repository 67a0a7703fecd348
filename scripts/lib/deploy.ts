/**
 * Deploying Bulwark to any EVM chain: `deployBulwark` deploys and wires one configuration,
 * `verifyDeployment` reads the wiring back, and `deployNetwork` is the whole command (`scripts/deploy.ts`
 * and `npm start` both run it): chain id check, an existing deployment re-verified instead of deployed
 * twice, a journal that lets an interrupted run resume, verification, `deployments/<chainId>.json`.
 *
 * Resuming: every contract deployed is recorded in `<deployments-dir>/<chainId>.journal.json` as soon
 * as its receipt arrives; the other steps (role grants, product listings, the hand-over) read the chain
 * first and do only what is not done yet. A re-run after an interruption therefore deploys only the
 * contracts the journal lacks and finishes the rest; the journal is deleted once the deployment file is
 * written. What a journal cannot make safe is refused: a journal made with another configuration or
 * deployer, or one naming contracts the chain does not have (on a development chain such a journal is
 * stale, from before a reset, and is discarded instead). A contract whose transaction was sent but not
 * yet recorded when the run stopped is deployed again; the first copy is left unused.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { erc20Abi, getAddress, isAddress, keccak256, stringToHex, zeroAddress, zeroHash, type Abi, type Address, type Hex } from 'viem';

import type { DeployConfig, NetworkConfig, NetworkContext, ProductConfig, Recipient } from '../../deploy/networks/config.js';
import { DeployConfigError } from '../../deploy/networks/config.js';
import { parseDeployment, type Deployment, type ProductRoute } from '../../packages/sdk/src/deployment.js';
import { hasArtifact, loadArtifact, matchesRuntime, type Artifact } from './artifacts.js';
import { deploy, send, type Clients } from './chain.js';
import { ROOT } from './foundry.js';

export {
  BWK_SUPPLY, DeployConfigError, PayoutRule, wad,
  type Allocation, type AssetConfig, type ClaimsConfig, type DeployConfig, type FeedConfig, type GovernanceConfig,
  type NetworkConfig, type OracleConfig, type PoolConfig, type ProductConfig, type Recipient, type RouteConfig, type TokenConfig,
} from '../../deploy/networks/config.js';
export { demoConfig } from '../../deploy/networks/local.js';
export type { Deployment };

/** Where deployment files go unless told otherwise. */
export const DEFAULT_DEPLOYMENTS_DIR = join(ROOT, 'deployments');

/** Error for a finished deployment whose wiring on chain is not what the deployment promised. */
export class DeploymentCheckError extends Error {
  override name = 'DeploymentCheckError';
  constructor(readonly problems: readonly string[]) {
    super(`deployment check failed:\n  - ${problems.join('\n  - ')}`);
  }
}

/** Error for an RPC serving another chain than the network configuration names. */
export class ChainMismatchError extends Error {
  override name = 'ChainMismatchError';
  constructor(readonly network: string, readonly expected: number, readonly actual: number) {
    super(`wrong chain: network "${network}" is chain id ${expected}, but the RPC serves chain id ${actual}`);
  }
}

/** Error for a deployment file or journal that does not fit the chain or the configuration. */
export class DeploymentStateError extends Error {
  override name = 'DeploymentStateError';
}

/** OpenZeppelin AccessControl roles. */
export const Roles = {
  DEFAULT_ADMIN: zeroHash,
  GUARDIAN: keccak256(stringToHex('GUARDIAN_ROLE')),
  PROPOSER: keccak256(stringToHex('PROPOSER_ROLE')),
  CANCELLER: keccak256(stringToHex('CANCELLER_ROLE')),
  EXECUTOR: keccak256(stringToHex('EXECUTOR_ROLE')),
} as const satisfies Record<string, Hex>;

/** Progress lines (the caller decides where they go; library code never prints). */
export type Log = (line: string) => void;

/** Contracts deployed so far by one deployment, by name; see the file header. */
export interface Journal {
  readonly contracts: Readonly<Record<string, Address>>;
  /** Block of the first deployment transaction. */
  readonly startBlock: number | undefined;
  record(name: string, address: Address, block: number): void;
}

/** A journal kept in memory only (a deployment that cannot resume: tests, benchmarks). */
export class MemoryJournal implements Journal {
  contracts: Record<string, Address> = {};
  startBlock: number | undefined;
  record(name: string, address: Address, block: number): void {
    this.contracts[name] = address;
    this.startBlock ??= block;
  }
}

interface JournalFile {
  network: string;
  chainId: number;
  deployer: Address;
  /** keccak256 of the configuration, so a resume never mixes two configurations. */
  configHash: Hex;
  startBlock?: number;
  contracts: Record<string, Address>;
}

/** A journal written to disk after every contract (atomically: a temporary file renamed). */
export class FileJournal implements Journal {
  constructor(readonly path: string, private data: JournalFile) {}

  get contracts(): Readonly<Record<string, Address>> {
    return this.data.contracts;
  }

  get startBlock(): number | undefined {
    return this.data.startBlock;
  }

  record(name: string, address: Address, block: number): void {
    this.data = { ...this.data, startBlock: this.data.startBlock ?? block, contracts: { ...this.data.contracts, [name]: address } };
    const temporary = `${this.path}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(this.data, null, 2)}\n`);
    renameSync(temporary, this.path);
  }

  remove(): void {
    rmSync(this.path, { force: true });
  }
}

export interface DeployOptions {
  /** Contracts deployed by an earlier, interrupted run (they are not deployed again). */
  journal?: Journal;
  log?: Log;
  /** Run `verifyDeployment` before returning (default true). */
  verify?: boolean;
}

interface Contract {
  address: Address;
  abi: Abi;
}

/**
 * Deploys the protocol: the asset (a MockUSDC, or an existing token), the price feeds (MockAggregators,
 * or existing ones), the CoverManager with its CoverPool, then governance (the TimelockController
 * first, since it receives the DAO treasury's tokens; the BulwarkToken; the BulwarkGovernor, made the
 * timelock's only proposer and canceller; anyone executes) and the ClaimsManager, which becomes every
 * product's claim route. Finally every admin role goes to the timelock and the deployer renounces all
 * of its own. The result is verified on chain (`verifyDeployment`) before it is returned.
 */
export async function deployBulwark(clients: Clients, config: DeployConfig, options: DeployOptions = {}): Promise<Deployment> {
  const log = options.log ?? (() => undefined);
  const journal = options.journal ?? new MemoryJournal();
  const deployer = getAddress(clients.wallet.account.address);
  checkConfig(config, deployer);

  const deployed = async (name: string, artifact: Artifact, args: readonly unknown[] = [], libraries: Record<string, Address> = {}) => {
    const recorded = journal.contracts[name];
    if (recorded) {
      log(`  ${name.padEnd(24)} ${recorded} (deployed by the earlier run)`);
      return recorded;
    }
    const { address, receipt } = await deploy(clients, artifact, args, libraries);
    journal.record(name, getAddress(address), Number(receipt.blockNumber));
    log(`  ${name.padEnd(24)} ${getAddress(address)}`);
    return getAddress(address);
  };
  const read = <T>(contract: Contract, functionName: string, args: readonly unknown[] = []) =>
    clients.public.readContract({ ...contract, functionName, args }) as Promise<T>;
  const has = (contract: Contract, role: Hex, account: Address) => read<boolean>(contract, 'hasRole', [role, account]);

  const assetAddress = 'mock' in config.asset ? await deployed('MockUSDC', loadArtifact('MockUSDC')) : getAddress(config.asset.address);
  const asset = await readAsset(clients, assetAddress);
  if (!('mock' in config.asset)) log(`  ${'asset'.padEnd(24)} ${assetAddress} (existing ${asset.symbol}, ${asset.decimals} decimals)`);
  if (!('mock' in config.asset) && config.asset.decimals !== undefined && config.asset.decimals !== asset.decimals) {
    throw new DeployConfigError(`the asset ${assetAddress} has ${asset.decimals} decimals; the configuration's amounts assume ${config.asset.decimals}`);
  }

  const feeds: Record<string, Address> = {};
  let mockAggregator: Address | undefined;
  const aggregatorArtifact = loadArtifact('MockAggregator');
  for (const [pair, feed] of Object.entries(config.feeds)) {
    if ('mock' in feed) {
      feeds[pair] = await deployed(`MockAggregator ${pair}`, aggregatorArtifact, [8, pair.replace('/', ' / '), feed.answer]);
      mockAggregator ??= feeds[pair];
    } else {
      feeds[pair] = getAddress(feed.address);
      const decimals = await readFeedDecimals(clients, pair, feeds[pair]);
      log(`  ${`${pair} feed`.padEnd(24)} ${feeds[pair]} (existing, ${decimals} decimals)`);
    }
  }

  const params = await deployed('ParamsLib', loadArtifact('ParamsLib'));
  const managerArtifact = loadArtifact('CoverManager');
  const managerAddress = await deployed(
    'CoverManager',
    managerArtifact,
    [{
      asset: assetAddress, poolName: `Bulwark ${asset.symbol} Pool`, poolSymbol: `bw${asset.symbol}`, admin: deployer,
      guardian: config.guardian, cancelFeeWad: config.cancelFeeWad, guardianPauseLimit: BigInt(config.guardianPauseLimit),
      pool: { leverageWad: config.pool.leverageWad, curve: config.pool.curve },
      cooldown: BigInt(config.pool.cooldown), window: BigInt(config.pool.window),
    }],
    { ParamsLib: params },
  );
  const manager: Contract = { address: managerAddress, abi: managerArtifact.abi };
  const pool: Contract = { address: getAddress(await read<Address>(manager, 'pool')), abi: loadArtifact('CoverPool').abi };

  // Governance. The deployer administers the timelock only until the governor is its proposer.
  const timelockArtifact = loadArtifact('TimelockController');
  const timelock: Contract = {
    address: await deployed('TimelockController', timelockArtifact, [BigInt(config.governance.timelockDelay), [], [zeroAddress], deployer]),
    abi: timelockArtifact.abi,
  };
  const resolve = (recipient: Recipient): Address => getAddress(recipient === 'timelock' ? timelock.address : recipient);
  const distribution = config.token.distribution.map((a) => ({ label: a.label, recipient: resolve(a.recipient), amount: a.amount }));
  const bwkToken = await deployed('BulwarkToken', loadArtifact('BulwarkToken'), [distribution.map((a) => a.recipient), distribution.map((a) => a.amount)]);
  const governor = await deployed('BulwarkGovernor', loadArtifact('BulwarkGovernor'), [
    bwkToken, timelock.address, config.governance.votingDelay, config.governance.votingPeriod,
    config.governance.proposalThreshold, BigInt(config.governance.quorumPercent),
  ]);
  // The constructor gives each proposer the canceller role too; a later grant must give both.
  for (const role of [Roles.PROPOSER, Roles.CANCELLER]) {
    if (!(await has(timelock, role, governor))) await send(clients, { ...timelock, functionName: 'grantRole', args: [role, governor] });
  }

  const claimsArtifact = loadArtifact('ClaimsManager');
  const claimsParams = {
    votingPeriod: config.claims.votingPeriod, challengePeriod: config.claims.challengePeriod,
    payoutWindow: config.claims.payoutWindow, quorumWad: config.claims.quorumWad, voterFeeWad: config.claims.voterFeeWad,
    claimDeposit: config.claims.claimDeposit, incidentBond: config.claims.incidentBond, treasury: resolve(config.claims.treasury),
  };
  const claims: Contract = {
    address: await deployed('ClaimsManager', claimsArtifact, [manager.address, bwkToken, deployer, config.guardian, claimsParams]),
    abi: claimsArtifact.abi,
  };

  // The parametric routes: the de-peg trigger (price feeds) and the report trigger (oracle signers).
  const depegArtifact = loadArtifact('ChainlinkDepegTrigger');
  const depeg: Contract = {
    address: await deployed('ChainlinkDepegTrigger', depegArtifact, [manager.address, deployer, config.guardian]),
    abi: depegArtifact.abi,
  };
  const reportArtifact = loadArtifact('SignedReportTrigger');
  const reports: Contract = {
    address: await deployed('SignedReportTrigger', reportArtifact, [manager.address, deployer, config.guardian]),
    abi: reportArtifact.abi,
  };
  const routeOf = (product: ProductConfig): ProductRoute =>
    product.route?.kind === 'depeg' ? 'ChainlinkDepegTrigger' : product.route?.kind === 'report' ? 'SignedReportTrigger' : 'ClaimsManager';
  const routeAddress = { ClaimsManager: claims.address, ChainlinkDepegTrigger: depeg.address, SignedReportTrigger: reports.address };

  // Products listed by an interrupted run are on chain already: list only the rest, in order.
  const listed = Number(await read<bigint>(manager, 'productCount'));
  if (listed > config.products.length) {
    throw new DeploymentStateError(`the CoverManager ${manager.address} lists ${listed} products; the configuration has ${config.products.length}`);
  }
  for (const product of config.products.slice(listed)) {
    await send(clients, {
      ...manager, functionName: 'listProduct',
      args: [{
        claimRoute: routeAddress[routeOf(product)], baseRateWad: product.baseRateWad, capWad: product.capWad,
        maxCoverAmount: product.maxCoverAmount, minPeriod: product.minPeriod, maxPeriod: product.maxPeriod,
        waitingPeriod: product.waitingPeriod, claimGracePeriod: product.claimGracePeriod,
        payoutRule: product.payoutRule, termsURI: product.termsURI,
      }],
    });
  }

  // Trigger terms, each set only if an interrupted run did not set it yet.
  for (const [index, product] of config.products.entries()) {
    const productId = BigInt(index + 1);
    const route = product.route;
    if (route?.kind === 'depeg') {
      const feed = feeds[route.feed];
      if (!feed) throw new DeployConfigError(`product ${product.key} uses the feed ${route.feed}, which the configuration does not list`);
      const current = await read<{ feed: Address }>(depeg, 'configOf', [productId]).catch(() => undefined);
      if (current && current.feed !== zeroAddress) continue;
      await send(clients, {
        ...depeg, functionName: 'setConfig',
        args: [productId, {
          feed, heartbeat: route.heartbeat, minDuration: route.minDuration, payoutWindow: route.payoutWindow,
          sequencerFeed: route.sequencer?.feed ?? zeroAddress, sequencerGracePeriod: route.sequencer?.gracePeriod ?? 0,
          proportional: route.proportional, payoutWad: route.payoutWad, minAnswer: route.minAnswer, maxAnswer: route.maxAnswer,
          threshold: route.threshold, recoverPrice: route.recoverPrice, referencePrice: route.referencePrice,
        }],
      });
    } else if (route?.kind === 'report') {
      if ((await read<bigint>(reports, 'disputeWindow', [productId])) !== 0n) continue;
      await send(clients, {
        ...reports, functionName: 'setProductTerms',
        args: [productId, [...route.tierPayoutsWad], BigInt(route.disputeWindow), BigInt(route.payoutWindow)],
      });
    }
  }
  const [signerCount] = await read<readonly [bigint, bigint]>(reports, 'signers');
  if (signerCount === 0n && config.oracles.signers.length > 0) {
    await send(clients, { ...reports, functionName: 'updateSigners', args: [config.oracles.signers.map((a) => getAddress(a)), [], BigInt(config.oracles.threshold)] });
  }

  if (config.handOverToTimelock) {
    for (const target of [manager, pool, claims, depeg, reports]) {
      if (!(await has(target, Roles.DEFAULT_ADMIN, timelock.address))) {
        await send(clients, { ...target, functionName: 'grantRole', args: [Roles.DEFAULT_ADMIN, timelock.address] });
      }
      if (await has(target, Roles.DEFAULT_ADMIN, deployer)) {
        await send(clients, { ...target, functionName: 'renounceRole', args: [Roles.DEFAULT_ADMIN, deployer] });
      }
    }
    if (await has(timelock, Roles.DEFAULT_ADMIN, deployer)) {
      await send(clients, { ...timelock, functionName: 'renounceRole', args: [Roles.DEFAULT_ADMIN, deployer] });
    }
  }

  const startBlock = journal.startBlock;
  if (startBlock === undefined) throw new DeploymentStateError('no contract was deployed (the journal records no start block)');
  const deployment: Deployment = {
    chainId: clients.public.chain.id,
    network: config.network,
    startBlock,
    asset: { address: assetAddress, symbol: asset.symbol, decimals: asset.decimals },
    contracts: {
      CoverManager: manager.address, CoverPool: pool.address, ParamsLib: params, ClaimsManager: claims.address,
      BulwarkToken: bwkToken, BulwarkGovernor: governor, TimelockController: timelock.address,
      ChainlinkDepegTrigger: depeg.address, SignedReportTrigger: reports.address,
      ...('mock' in config.asset ? { MockUSDC: assetAddress } : {}),
      ...(mockAggregator ? { MockAggregator: mockAggregator } : {}),
    },
    feeds,
    products: config.products.map((p, index) => ({ id: index + 1, key: p.key, name: p.name, kind: p.kind, claimRoute: routeOf(p) })),
    governance: {
      timelockIsAdmin: config.handOverToTimelock,
      token: {
        supply: config.token.supply.toString(),
        distribution: distribution.map((a) => ({ ...a, amount: a.amount.toString() })),
      },
      timelockDelay: config.governance.timelockDelay,
      votingDelay: config.governance.votingDelay,
      votingPeriod: config.governance.votingPeriod,
      proposalThreshold: config.governance.proposalThreshold.toString(),
      quorumPercent: config.governance.quorumPercent,
      claims: {
        ...claimsParams,
        quorumWad: claimsParams.quorumWad.toString(), voterFeeWad: claimsParams.voterFeeWad.toString(),
        claimDeposit: claimsParams.claimDeposit.toString(), incidentBond: claimsParams.incidentBond.toString(),
      },
    },
  };
  if (options.verify ?? true) await verifyDeployment(clients, deployment, { deployer });
  return deployment;
}

function checkConfig(config: DeployConfig, deployer: Address): void {
  const { supply, distribution } = config.token;
  if (distribution.length === 0) throw new DeployConfigError('the token distribution is empty');
  const total = distribution.reduce((sum, a) => sum + a.amount, 0n);
  if (total !== supply) throw new DeployConfigError(`the token distribution adds up to ${total}, not the supply ${supply}`);
  const g = config.governance;
  if (!Number.isInteger(g.quorumPercent) || g.quorumPercent < 0 || g.quorumPercent > 100) {
    throw new DeployConfigError(`quorumPercent must be an integer 0-100, got ${g.quorumPercent}`);
  }
  for (const [name, value] of [['votingDelay', g.votingDelay], ['votingPeriod', g.votingPeriod], ['timelockDelay', g.timelockDelay]] as const) {
    if (!Number.isInteger(value) || value < 0) throw new DeployConfigError(`${name} must be a whole number of seconds, got ${value}`);
  }
  if (config.handOverToTimelock && getAddress(config.guardian) === deployer) {
    throw new DeployConfigError(`the guardian ${config.guardian} is the deployer, which must keep no role: name another guardian`);
  }
  const keys = new Set<string>();
  for (const product of config.products) {
    if (keys.has(product.key)) throw new DeployConfigError(`two products have the key "${product.key}"`);
    keys.add(product.key);
  }
  if (!('mock' in config.asset) && !isAddress(config.asset.address)) throw new DeployConfigError(`the asset is not an address: ${config.asset.address}`);
}

async function readAsset(clients: Clients, address: Address): Promise<{ symbol: string; decimals: number }> {
  const code = await clients.public.getCode({ address });
  if (!code || code === '0x') throw new DeployConfigError(`the asset ${address} has no code on chain ${clients.public.chain.id}`);
  const [symbol, decimals] = await Promise.all([
    clients.public.readContract({ address, abi: erc20Abi, functionName: 'symbol' }),
    clients.public.readContract({ address, abi: erc20Abi, functionName: 'decimals' }),
  ]);
  return { symbol, decimals };
}

async function readFeedDecimals(clients: Clients, pair: string, address: Address): Promise<number> {
  try {
    return Number(await clients.public.readContract({ address, abi: loadArtifact('AggregatorV3Interface').abi, functionName: 'decimals' }));
  } catch (cause) {
    throw new DeployConfigError(`the ${pair} feed ${address} does not answer decimals() on chain ${clients.public.chain.id}: is it a price feed of this chain?`, { cause });
  }
}

/**
 * Reads the roles back: the deployer holds none, the timelock administers everything and only the
 * governor proposes and cancels. Adds whatever is off to `problems`; returns the number of checks.
 */
async function checkHandOver(
  clients: Clients,
  roles: { deployer: Address; timelock: Contract; governor: Address; administered: readonly Contract[] },
  problems: string[],
): Promise<number> {
  let checks = 0;
  const has = (target: Contract, role: Hex, account: Address) => {
    checks++;
    return clients.public.readContract({ ...target, functionName: 'hasRole', args: [role, account] }) as Promise<boolean>;
  };
  for (const target of [...roles.administered, roles.timelock]) {
    if (await has(target, Roles.DEFAULT_ADMIN, roles.deployer)) problems.push(`deployer still holds DEFAULT_ADMIN_ROLE of ${target.address}`);
    if (!(await has(target, Roles.DEFAULT_ADMIN, roles.timelock.address))) problems.push(`timelock lacks DEFAULT_ADMIN_ROLE of ${target.address}`);
  }
  for (const [name, role] of [['PROPOSER_ROLE', Roles.PROPOSER], ['CANCELLER_ROLE', Roles.CANCELLER], ['EXECUTOR_ROLE', Roles.EXECUTOR]] as const) {
    if (await has(roles.timelock, role, roles.deployer)) problems.push(`deployer holds the timelock's ${name}`);
  }
  for (const [name, role] of [['PROPOSER_ROLE', Roles.PROPOSER], ['CANCELLER_ROLE', Roles.CANCELLER]] as const) {
    if (!(await has(roles.timelock, role, roles.governor))) problems.push(`governor lacks the timelock's ${name}`);
  }
  if (!(await has(roles.timelock, Roles.EXECUTOR, zeroAddress))) problems.push('the timelock is not open to any executor');
  return checks;
}

/**
 * Reads a deployment's wiring back from the chain and throws DeploymentCheckError listing everything
 * that is off: every contract has code; the pool's asset is the deployment's and its manager the
 * CoverManager (whose pool it is); the ClaimsManager serves that CoverManager and token; the governor
 * votes with the BulwarkToken through the TimelockController; the products are the ones listed and
 * every one routes claims to the ClaimsManager; every feed answers. When the timelock is admin, also
 * the hand-over (`checkHandOver`) and that `deployer` holds no role on any contract (DEFAULT_ADMIN,
 * GUARDIAN, and the timelock's PROPOSER, CANCELLER, EXECUTOR). Returns the number of checks made.
 */
export async function verifyDeployment(clients: Clients, deployment: Deployment, accounts: { deployer: Address }): Promise<number> {
  const c = deployment.contracts;
  const contract = (address: Address, name: string): Contract => ({ address, abi: loadArtifact(name).abi });
  const manager = contract(c.CoverManager, 'CoverManager');
  const pool = contract(c.CoverPool, 'CoverPool');
  const claims = contract(c.ClaimsManager, 'ClaimsManager');
  const timelock = contract(c.TimelockController, 'TimelockController');
  const governor = contract(c.BulwarkGovernor, 'BulwarkGovernor');
  const token = contract(c.BulwarkToken, 'BulwarkToken');
  const problems: string[] = [];
  let checks = 0;
  const read = <T>(target: Contract, functionName: string, args: readonly unknown[] = []) =>
    clients.public.readContract({ ...target, functionName, args }) as Promise<T>;
  const expectAddress = async (what: string, actual: Promise<Address>, expected: Address) => {
    checks++;
    const value = getAddress(await actual);
    if (value !== getAddress(expected)) problems.push(`${what} is ${value}, not ${expected}`);
  };

  for (const [name, address] of Object.entries(c)) {
    if (address === undefined) continue;
    checks++;
    const code = await clients.public.getCode({ address });
    if (!code || code === '0x') problems.push(`${name} ${address} has no code`);
    else if (hasArtifact(name) && !matchesRuntime(name, code)) {
      problems.push(
        `${name} ${address} runs other code than contracts/out: the contracts changed since this deployment ` +
          '(a local chain: start a new one with `npm start -- --fresh`)',
      );
    }
  }
  if (problems.length > 0) throw new DeploymentCheckError(problems);

  await expectAddress("the pool's asset", read<Address>(pool, 'asset'), deployment.asset.address);
  await expectAddress("the CoverManager's asset", read<Address>(manager, 'asset'), deployment.asset.address);
  await expectAddress("the CoverManager's pool", read<Address>(manager, 'pool'), c.CoverPool);
  await expectAddress("the pool's manager", read<Address>(pool, 'manager'), c.CoverManager);
  await expectAddress("the ClaimsManager's manager", read<Address>(claims, 'manager'), c.CoverManager);
  await expectAddress("the ClaimsManager's token", read<Address>(claims, 'token'), c.BulwarkToken);
  await expectAddress("the governor's token", read<Address>(governor, 'token'), c.BulwarkToken);
  await expectAddress("the governor's timelock", read<Address>(governor, 'timelock'), c.TimelockController);
  checks++;
  const supply = await read<bigint>(token, 'totalSupply');
  if (supply.toString() !== deployment.governance.token.supply) problems.push(`BWK supply is ${supply}, not ${deployment.governance.token.supply}`);

  checks++;
  const count = Number(await read<bigint>(manager, 'productCount'));
  if (count !== deployment.products.length) problems.push(`the CoverManager lists ${count} products, the deployment ${deployment.products.length}`);
  for (const product of deployment.products) {
    const route = c[product.claimRoute ?? 'ClaimsManager'];
    if (!route) {
      problems.push(`product ${product.id} (${product.key}) routes to ${product.claimRoute}, which the deployment lacks`);
      continue;
    }
    await expectAddress(`product ${product.id} (${product.key})'s claim route`, read<{ claimRoute: Address }>(manager, 'product', [BigInt(product.id)]).then((p) => p.claimRoute), route);
  }
  const triggers = (['ChainlinkDepegTrigger', 'SignedReportTrigger'] as const).flatMap((name) => {
    const address = c[name];
    return address ? [{ name, target: contract(address, name) }] : [];
  });
  for (const { name, target } of triggers) await expectAddress(`the ${name}'s manager`, read<Address>(target, 'manager'), c.CoverManager);
  for (const [pair, address] of Object.entries(deployment.feeds)) {
    checks++;
    try {
      await readFeedDecimals(clients, pair, address);
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
  }

  if (deployment.governance.timelockIsAdmin) {
    const administered = [manager, pool, claims, ...triggers.map((t) => t.target)];
    checks += await checkHandOver(clients, { deployer: accounts.deployer, timelock, governor: c.BulwarkGovernor, administered }, problems);
    const named: [string, Contract][] = [['CoverManager', manager], ['CoverPool', pool], ['ClaimsManager', claims], ['TimelockController', timelock], ...triggers.map((t): [string, Contract] => [t.name, t.target])];
    for (const [name, target] of named) {
      for (const [roleName, role] of Object.entries(Roles)) {
        checks++;
        if (await read<boolean>(target, 'hasRole', [role, accounts.deployer])) problems.push(`the deployer ${accounts.deployer} holds ${roleName} of the ${name}`);
      }
    }
  }
  if (problems.length > 0) throw new DeploymentCheckError([...new Set(problems)]);
  return checks;
}

/** Writes `<dir>/<chainId>.json` (default dir: `deployments/` at the repository root). */
export function writeDeployment(deployment: Deployment, dir = DEFAULT_DEPLOYMENTS_DIR): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${deployment.chainId}.json`);
  const temporary = `${path}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(deployment, null, 2)}\n`);
  renameSync(temporary, path);
  return path;
}

export interface DeployNetworkOptions {
  /** Where `<chainId>.json` and the journal live (default: `deployments/` at the repository root). */
  deploymentsDir?: string;
  /** Environment the network configuration reads (default: `process.env`). */
  env?: NetworkContext['env'];
  log?: Log;
}

export interface DeployNetworkResult {
  deployment: Deployment;
  /** The deployment file. */
  path: string;
  /** `existing`: a deployment was there already (re-verified, nothing sent). */
  outcome: 'deployed' | 'resumed' | 'existing';
  /** Checks `verifyDeployment` made. */
  checks: number;
}

/**
 * The deployment command for one network (see the file header): checks the chain id, re-verifies an
 * existing deployment instead of deploying twice, otherwise deploys (resuming from the journal),
 * verifies and writes `<deploymentsDir>/<chainId>.json`.
 */
export async function deployNetwork(clients: Clients, network: NetworkConfig, options: DeployNetworkOptions = {}): Promise<DeployNetworkResult> {
  const log = options.log ?? (() => undefined);
  const dir = options.deploymentsDir ?? DEFAULT_DEPLOYMENTS_DIR;
  const deployer = getAddress(clients.wallet.account.address);
  const chainId = await clients.public.getChainId();
  if (network.chainId !== undefined && chainId !== network.chainId) throw new ChainMismatchError(network.name, network.chainId, chainId);
  if (clients.public.chain.id !== chainId) {
    throw new DeploymentStateError(`the clients are set up for chain ${clients.public.chain.id}, but the RPC serves chain ${chainId}`);
  }
  const path = join(dir, `${chainId}.json`);
  const journalPath = join(dir, `${chainId}.journal.json`);
  const shown = (file: string) => {
    const path = relative(process.cwd(), file);
    return path && !path.startsWith('..') ? path : file;
  };

  const existing = await existingDeployment(clients, network, path, log);
  if (existing) {
    log(`already deployed: ${shown(path)} (network "${existing.network}", from block ${existing.startBlock}) has code on chain ${chainId}; nothing deployed`);
    log('verifying the wiring...');
    const checks = await verifyDeployment(clients, existing, { deployer });
    log(`wiring verified: ${checks} checks passed`);
    if (existsSync(journalPath)) {
      rmSync(journalPath);
      log(`removed the leftover journal ${shown(journalPath)}`);
    }
    return { deployment: existing, path, outcome: 'existing', checks };
  }

  const config = network.deployConfig({ deployer, env: options.env ?? process.env });
  if (config.network !== network.name) throw new DeployConfigError(`network "${network.name}" builds a configuration named "${config.network}"`);
  if (!config.handOverToTimelock) throw new DeployConfigError(`network "${network.name}": the deploy command always hands every admin role to the timelock`);
  const header: Omit<JournalFile, 'contracts' | 'startBlock'> = { network: network.name, chainId, deployer, configHash: configHash(config) };
  const journal = await openJournal(clients, network, journalPath, header, log);
  const resumed = Object.keys(journal.contracts).length > 0;
  log(resumed
    ? `resuming the deployment recorded in ${shown(journalPath)} (${Object.keys(journal.contracts).length} contracts deployed earlier)...`
    : 'deploying...');
  mkdirSync(dir, { recursive: true });
  const deployment = await deployBulwark(clients, config, { journal, log, verify: false });
  log('verifying the wiring...');
  const checks = await verifyDeployment(clients, deployment, { deployer });
  log(`wiring verified: ${checks} checks passed`);
  writeDeployment(deployment, dir);
  journal.remove();
  return { deployment, path, outcome: resumed ? 'resumed' : 'deployed', checks };
}

/** The deployment in `path` if its contracts are on this chain; undefined if there is none, or (on a
 * development chain only) if it is stale. Throws DeploymentStateError for a file that cannot be trusted. */
async function existingDeployment(clients: Clients, network: NetworkConfig, path: string, log: Log): Promise<Deployment | undefined> {
  if (!existsSync(path)) return undefined;
  const stale = (why: string): undefined => {
    if (!network.development) throw new DeploymentStateError(`${path}: ${why}. Move the file away to deploy anew, or point --rpc-url at the chain it describes`);
    log(`${path}: ${why}; a stale file from before a reset of this development chain: deploying anew`);
    return undefined;
  };
  let deployment: Deployment;
  try {
    deployment = parseDeployment(JSON.parse(readFileSync(path, 'utf8')) as unknown, path);
  } catch (error) {
    return stale(`not a deployment this version reads (${error instanceof Error ? error.message : String(error)})`);
  }
  if (deployment.chainId !== clients.public.chain.id) return stale(`records chain id ${deployment.chainId}`);
  const missing: string[] = [];
  for (const [name, address] of Object.entries(deployment.contracts)) {
    if (address === undefined) continue;
    const code = await clients.public.getCode({ address });
    if (!code || code === '0x') missing.push(`${name} ${address}`);
  }
  if (missing.length > 0) return stale(`contracts it names have no code on chain ${deployment.chainId} (${missing.join(', ')})`);
  if (deployment.network !== network.name) {
    throw new DeploymentStateError(`${path} was deployed from network "${deployment.network}", not "${network.name}"`);
  }
  return deployment;
}

/** The journal of an interrupted run of the same deployment, or a new one. See the file header. */
async function openJournal(
  clients: Clients,
  network: NetworkConfig,
  path: string,
  header: Omit<JournalFile, 'contracts' | 'startBlock'>,
  log: Log,
): Promise<FileJournal> {
  const fresh = () => new FileJournal(path, { ...header, contracts: {} });
  if (!existsSync(path)) return fresh();
  const discard = (why: string): FileJournal => {
    if (!network.development) {
      throw new DeploymentStateError(`the journal ${path} of an interrupted deployment ${why}. Resuming could mix two deployments; ` +
        'if you mean to start over, delete the journal (contracts it names stay on chain, unused)');
    }
    log(`the journal ${path} ${why}; on this development chain it is stale: starting over`);
    rmSync(path);
    return fresh();
  };
  let data: JournalFile;
  try {
    data = JSON.parse(readFileSync(path, 'utf8')) as JournalFile;
  } catch {
    return discard('is not valid JSON');
  }
  if (data.chainId !== header.chainId || data.network !== header.network) return discard(`is for network "${data.network}" on chain ${data.chainId}`);
  if (data.deployer !== header.deployer) return discard(`was made by deployer ${data.deployer}, not ${header.deployer}`);
  if (data.configHash !== header.configHash) return discard(`was made with another configuration of "${header.network}" (it changed since)`);
  const contracts = data.contracts ?? {};
  const missing: string[] = [];
  for (const [name, address] of Object.entries(contracts)) {
    const code = isAddress(address) ? await clients.public.getCode({ address }) : undefined;
    if (!code || code === '0x') missing.push(`${name} ${address}`);
  }
  if (missing.length > 0) return discard(`names contracts with no code on chain ${header.chainId} (${missing.join(', ')})`);
  return new FileJournal(path, { ...header, startBlock: data.startBlock, contracts });
}

/** keccak256 of the configuration as JSON (bigints as decimal strings). */
function configHash(config: DeployConfig): Hex {
  return keccak256(stringToHex(JSON.stringify(config, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value))));
}
