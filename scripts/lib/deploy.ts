import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getAddress, keccak256, parseUnits, stringToHex, zeroAddress, zeroHash, type Abi, type Address, type Hex } from 'viem';

import { loadArtifact } from './artifacts.js';
import { deploy, send, type Clients } from './chain.js';
import { ROOT } from './foundry.js';

/** How payouts of a product are decided (mirrors the Solidity enum PayoutRule). */
export const PayoutRule = { Assessed: 0, TriggerFixed: 1, TriggerProportional: 2 } as const;

const DAY = 86_400;
const WAD = 10n ** 18n;
/** A WAD ratio from a decimal string: wad('0.025') == 2.5%. */
export const wad = (value: string): bigint => parseUnits(value, 18);
const usdc = (value: string): bigint => parseUnits(value, 6);

export interface ProductConfig {
  key: string;
  name: string;
  payoutRule: (typeof PayoutRule)[keyof typeof PayoutRule];
  baseRateWad: bigint;
  capWad: bigint;
  maxCoverAmount: bigint;
  minPeriod: number;
  maxPeriod: number;
  waitingPeriod: number;
  claimGracePeriod: number;
  termsURI: string;
}

export interface PoolConfig {
  leverageWad: bigint;
  curve: { kinkWad: bigint; slope1Wad: bigint; slope2Wad: bigint };
  cooldown: number;
  window: number;
}

/** An address, or the TimelockController this deployment creates (its address is known only then). */
export type Recipient = Address | 'timelock';

/** One line of the BulwarkToken's initial (and only) mint. */
export interface Allocation {
  label: string;
  recipient: Recipient;
  amount: bigint;
}

/** BulwarkToken: a fixed supply minted once, split by `distribution` (which must add up to `supply`). */
export interface TokenConfig {
  supply: bigint;
  distribution: readonly Allocation[];
}

/** BulwarkGovernor and its TimelockController (times in seconds; the token clock is the timestamp). */
export interface GovernanceConfig {
  timelockDelay: number;
  votingDelay: number;
  votingPeriod: number;
  /** Votes needed to propose (token units, 18 decimals). */
  proposalThreshold: bigint;
  /** Quorum, percent of the supply at the proposal's snapshot. */
  quorumPercent: number;
}

/** ClaimsManager parameters (mirrors the Solidity struct ClaimsParams). */
export interface ClaimsConfig {
  votingPeriod: number;
  challengePeriod: number;
  payoutWindow: number;
  quorumWad: bigint;
  voterFeeWad: bigint;
  claimDeposit: bigint;
  incidentBond: bigint;
  /** Receives the reward pool of cases nobody voted on. */
  treasury: Recipient;
}

export interface DeployConfig {
  /** GUARDIAN_ROLE of the CoverManager and the ClaimsManager (zero for none). */
  guardian: Address;
  cancelFeeWad: bigint;
  guardianPauseLimit: number;
  pool: PoolConfig;
  products: readonly ProductConfig[];
  token: TokenConfig;
  governance: GovernanceConfig;
  claims: ClaimsConfig;
  /**
   * Hand every admin role to the TimelockController and keep none (true for any real deployment).
   * False leaves the deployer admin of everything and the timelock without proposers; for benchmarks
   * that need to reconfigure the contracts directly.
   */
  handOverToTimelock: boolean;
}

/** BulwarkToken's fixed supply: 100,000,000 BWK (18 decimals). */
export const BWK_SUPPLY = 100_000_000n * WAD;
const bwk = (value: string): bigint => parseUnits(value, 18);

/**
 * The local demo: one product of each kind the design names, over a USDC pool, governed by BWK holders.
 *
 * BWK distribution (100,000,000 BWK, all minted at deployment, none ever again):
 * - 60% (60,000,000) to the DAO treasury, i.e. the TimelockController: spent only by proposals;
 * - 4 x 10% (10,000,000 each) to the four community assessors (anvil accounts 5-8 in `npm start`),
 *   who vote on claims and proposals once they have delegated their votes (to themselves).
 * Each assessor alone reaches the governor's proposal threshold (100,000 BWK), its quorum (4%) and
 * the claims quorum (10%).
 */
export function demoConfig(accounts: { guardian: Address; assessors: readonly Address[] }): DeployConfig {
  if (accounts.assessors.length !== 4) throw new DeployConfigError(`the demo has 4 assessors, got ${accounts.assessors.length}`);
  return {
    guardian: accounts.guardian,
    token: {
      supply: BWK_SUPPLY,
      distribution: [
        { label: 'DAO treasury (timelock)', recipient: 'timelock', amount: (BWK_SUPPLY * 60n) / 100n },
        ...accounts.assessors.map((recipient, i) => ({ label: `assessor ${i + 1}`, recipient, amount: (BWK_SUPPLY * 10n) / 100n })),
      ],
    },
    governance: {
      timelockDelay: 2 * DAY,
      votingDelay: DAY,
      votingPeriod: 5 * DAY,
      proposalThreshold: bwk('100000'),
      quorumPercent: 4,
    },
    claims: {
      votingPeriod: 3 * DAY,
      challengePeriod: 2 * DAY,
      payoutWindow: 7 * DAY,
      quorumWad: wad('0.1'),
      voterFeeWad: wad('0.2'),
      claimDeposit: usdc('50'),
      incidentBond: usdc('500'),
      treasury: 'timelock',
    },
    handOverToTimelock: true,
    cancelFeeWad: wad('0.1'),
    guardianPauseLimit: 7 * DAY,
    pool: {
      leverageWad: 3n * WAD,
      curve: { kinkWad: wad('0.8'), slope1Wad: wad('0.5'), slope2Wad: wad('5') },
      cooldown: 7 * DAY,
      window: 3 * DAY,
    },
    products: [
      {
        key: 'aave-v3-exploit', name: 'Aave v3 smart-contract exploit', payoutRule: PayoutRule.Assessed,
        baseRateWad: wad('0.025'), capWad: wad('0.5'), maxCoverAmount: usdc('250000'),
        minPeriod: 30 * DAY, maxPeriod: 365 * DAY, waitingPeriod: DAY, claimGracePeriod: 30 * DAY,
        termsURI: 'ipfs://bulwark-demo/terms/protocol-exploit',
      },
      {
        key: 'exchange-hack', name: 'Custodial exchange hack', payoutRule: PayoutRule.Assessed,
        baseRateWad: wad('0.035'), capWad: wad('0.3'), maxCoverAmount: usdc('100000'),
        minPeriod: 30 * DAY, maxPeriod: 365 * DAY, waitingPeriod: DAY, claimGracePeriod: 30 * DAY,
        termsURI: 'ipfs://bulwark-demo/terms/exchange-hack',
      },
      {
        key: 'usdc-depeg', name: 'USDC de-peg below $0.95', payoutRule: PayoutRule.TriggerProportional,
        baseRateWad: wad('0.015'), capWad: wad('0.5'), maxCoverAmount: usdc('500000'),
        minPeriod: 7 * DAY, maxPeriod: 365 * DAY, waitingPeriod: DAY, claimGracePeriod: 14 * DAY,
        termsURI: 'ipfs://bulwark-demo/terms/usdc-depeg',
      },
      {
        key: 'flight-delay', name: 'Flight delay (45 min / 2 h / cancelled)', payoutRule: PayoutRule.TriggerFixed,
        baseRateWad: wad('4'), capWad: wad('0.1'), maxCoverAmount: usdc('2000'),
        minPeriod: DAY, maxPeriod: 30 * DAY, waitingPeriod: 0, claimGracePeriod: 7 * DAY,
        termsURI: 'ipfs://bulwark-demo/terms/flight-delay',
      },
      {
        key: 'earthquake', name: 'Earthquake M6.5+ within 50 km', payoutRule: PayoutRule.TriggerFixed,
        baseRateWad: wad('0.04'), capWad: wad('0.3'), maxCoverAmount: usdc('50000'),
        minPeriod: 30 * DAY, maxPeriod: 365 * DAY, waitingPeriod: 7 * DAY, claimGracePeriod: 30 * DAY,
        termsURI: 'ipfs://bulwark-demo/terms/earthquake',
      },
    ],
  };
}

/** Error for a deployment configuration that cannot be deployed as given. */
export class DeployConfigError extends Error {
  override name = 'DeployConfigError';
}

/** Error for a finished deployment whose roles on chain are not what the deployment promised. */
export class DeploymentCheckError extends Error {
  override name = 'DeploymentCheckError';
  constructor(readonly problems: readonly string[]) {
    super(`deployment check failed: ${problems.join('; ')}`);
  }
}

export interface Deployment {
  chainId: number;
  startBlock: number;
  contracts: {
    MockUSDC: Address;
    ParamsLib: Address;
    CoverManager: Address;
    CoverPool: Address;
    BulwarkToken: Address;
    TimelockController: Address;
    BulwarkGovernor: Address;
    ClaimsManager: Address;
  };
  products: { id: number; key: string; name: string }[];
  /** Amounts are decimal strings of base units (BWK: 18 decimals; USDC: 6). */
  governance: {
    /** Whether the TimelockController holds every admin role (false: the deployer kept them). */
    timelockIsAdmin: boolean;
    token: { supply: string; distribution: { label: string; recipient: Address; amount: string }[] };
    timelockDelay: number;
    votingDelay: number;
    votingPeriod: number;
    proposalThreshold: string;
    quorumPercent: number;
    claims: {
      votingPeriod: number;
      challengePeriod: number;
      payoutWindow: number;
      quorumWad: string;
      voterFeeWad: string;
      claimDeposit: string;
      incidentBond: string;
      treasury: Address;
    };
  };
}

/** OpenZeppelin AccessControl roles. */
export const Roles = {
  DEFAULT_ADMIN: zeroHash,
  GUARDIAN: keccak256(stringToHex('GUARDIAN_ROLE')),
  PROPOSER: keccak256(stringToHex('PROPOSER_ROLE')),
  CANCELLER: keccak256(stringToHex('CANCELLER_ROLE')),
  EXECUTOR: keccak256(stringToHex('EXECUTOR_ROLE')),
} as const satisfies Record<string, Hex>;

/**
 * Deploys the protocol: a mock USDC, the CoverManager with its CoverPool, then governance (the
 * TimelockController first, since it receives the DAO treasury's tokens; the BulwarkToken; the
 * BulwarkGovernor, made the timelock's only proposer and canceller; anyone executes) and the
 * ClaimsManager, which becomes every product's claim route. Finally every admin role goes to the
 * timelock and the deployer renounces all of its own, which is checked on chain.
 */
export async function deployBulwark(clients: Clients, config: DeployConfig): Promise<Deployment> {
  checkConfig(config);
  const managerArtifact = loadArtifact('CoverManager');
  const deployer = clients.wallet.account.address;

  const usdcToken = await deploy(clients, loadArtifact('MockUSDC'));
  const params = await deploy(clients, loadArtifact('ParamsLib'));
  const manager = await deploy(
    clients,
    managerArtifact,
    [{
      asset: usdcToken.address, poolName: 'Bulwark USDC Pool', poolSymbol: 'bwUSDC', admin: deployer,
      guardian: config.guardian, cancelFeeWad: config.cancelFeeWad, guardianPauseLimit: BigInt(config.guardianPauseLimit),
      pool: { leverageWad: config.pool.leverageWad, curve: config.pool.curve },
      cooldown: BigInt(config.pool.cooldown), window: BigInt(config.pool.window),
    }],
    { ParamsLib: params.address },
  );
  const managerContract = { address: manager.address, abi: managerArtifact.abi };
  const pool = (await clients.public.readContract({ ...managerContract, functionName: 'pool' })) as Address;
  const poolContract = { address: pool, abi: loadArtifact('CoverPool').abi };

  // Governance. The deployer administers the timelock only until the governor is its proposer.
  const timelockArtifact = loadArtifact('TimelockController');
  const timelock = await deploy(clients, timelockArtifact, [BigInt(config.governance.timelockDelay), [], [zeroAddress], deployer]);
  const timelockContract = { address: timelock.address, abi: timelockArtifact.abi };
  const resolve = (recipient: Recipient): Address => getAddress(recipient === 'timelock' ? timelock.address : recipient);
  const distribution = config.token.distribution.map((a) => ({ label: a.label, recipient: resolve(a.recipient), amount: a.amount }));
  const bwkToken = await deploy(clients, loadArtifact('BulwarkToken'), [distribution.map((a) => a.recipient), distribution.map((a) => a.amount)]);
  const governor = await deploy(clients, loadArtifact('BulwarkGovernor'), [
    bwkToken.address, timelock.address, config.governance.votingDelay, config.governance.votingPeriod,
    config.governance.proposalThreshold, BigInt(config.governance.quorumPercent),
  ]);
  // The constructor gives each proposer the canceller role too; a later grant must give both.
  for (const role of [Roles.PROPOSER, Roles.CANCELLER]) {
    await send(clients, { ...timelockContract, functionName: 'grantRole', args: [role, governor.address] });
  }

  const claimsArtifact = loadArtifact('ClaimsManager');
  const claimsParams = {
    votingPeriod: config.claims.votingPeriod, challengePeriod: config.claims.challengePeriod,
    payoutWindow: config.claims.payoutWindow, quorumWad: config.claims.quorumWad, voterFeeWad: config.claims.voterFeeWad,
    claimDeposit: config.claims.claimDeposit, incidentBond: config.claims.incidentBond, treasury: resolve(config.claims.treasury),
  };
  const claims = await deploy(clients, claimsArtifact, [manager.address, bwkToken.address, deployer, config.guardian, claimsParams]);
  const claimsContract = { address: claims.address, abi: claimsArtifact.abi };

  const products: Deployment['products'] = [];
  for (const [index, product] of config.products.entries()) {
    await send(clients, {
      ...managerContract, functionName: 'listProduct',
      args: [{
        // Every product routes its claims to the token holders' ClaimsManager for now; the
        // parametric products move to their trigger contracts when those exist (a later issue).
        claimRoute: claims.address, baseRateWad: product.baseRateWad, capWad: product.capWad,
        maxCoverAmount: product.maxCoverAmount, minPeriod: product.minPeriod, maxPeriod: product.maxPeriod,
        waitingPeriod: product.waitingPeriod, claimGracePeriod: product.claimGracePeriod,
        payoutRule: product.payoutRule, termsURI: product.termsURI,
      }],
    });
    products.push({ id: index + 1, key: product.key, name: product.name });
  }

  const administered = [managerContract, poolContract, claimsContract];
  if (config.handOverToTimelock) {
    for (const target of administered) {
      await send(clients, { ...target, functionName: 'grantRole', args: [Roles.DEFAULT_ADMIN, timelock.address] });
      await send(clients, { ...target, functionName: 'renounceRole', args: [Roles.DEFAULT_ADMIN, deployer] });
    }
    await send(clients, { ...timelockContract, functionName: 'renounceRole', args: [Roles.DEFAULT_ADMIN, deployer] });
    await checkHandOver(clients, { deployer, timelock: timelockContract, governor: governor.address, administered });
  }

  return {
    chainId: clients.public.chain.id,
    startBlock: Number(usdcToken.receipt.blockNumber),
    contracts: {
      MockUSDC: getAddress(usdcToken.address), ParamsLib: getAddress(params.address), CoverManager: getAddress(manager.address),
      CoverPool: getAddress(pool), BulwarkToken: getAddress(bwkToken.address), TimelockController: getAddress(timelock.address),
      BulwarkGovernor: getAddress(governor.address), ClaimsManager: getAddress(claims.address),
    },
    products,
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
}

function checkConfig(config: DeployConfig): void {
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
}

/** Reads the roles back: the deployer holds none, the timelock administers everything and only the
 * governor proposes and cancels. Throws DeploymentCheckError listing whatever is off. */
async function checkHandOver(
  clients: Clients,
  roles: { deployer: Address; timelock: { address: Address; abi: Abi }; governor: Address; administered: { address: Address; abi: Abi }[] },
): Promise<void> {
  const has = (target: { address: Address; abi: Abi }, role: Hex, account: Address) =>
    clients.public.readContract({ ...target, functionName: 'hasRole', args: [role, account] }) as Promise<boolean>;
  const problems: string[] = [];
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
  if (problems.length > 0) throw new DeploymentCheckError(problems);
}

/** Writes `deployments/<chainId>.json`. */
export function writeDeployment(deployment: Deployment): string {
  const dir = join(ROOT, 'deployments');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${deployment.chainId}.json`);
  writeFileSync(path, JSON.stringify(deployment, null, 2) + '\n');
  return path;
}
