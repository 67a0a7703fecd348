/**
 * The shape of a deployment configuration, and `defineNetwork()` for the typed file each network has
 * in this folder (`local.ts`, `sepolia.ts`, ...). Amounts are bigints in base units: the pool asset's
 * (USDC: 6 decimals) or BWK's (18); times are seconds; ratios are WAD (1e18 = 100%).
 */
import { getAddress, isAddress, parseUnits, type Address } from 'viem';

import type { ProductKind } from '../../packages/sdk/src/deployment.js';

export type { ProductKind };

/** How payouts of a product are decided (mirrors the Solidity enum PayoutRule). */
export const PayoutRule = { Assessed: 0, TriggerFixed: 1, TriggerProportional: 2 } as const;

export const HOUR = 3_600;
export const DAY = 86_400;
const WAD = 10n ** 18n;
/** A WAD ratio from a decimal string: wad('0.025') == 2.5%. */
export const wad = (value: string): bigint => parseUnits(value, 18);
/** Base units of a 6-decimal stablecoin (USDC) from a decimal string. */
export const usdc = (value: string): bigint => parseUnits(value, 6);
/** BWK base units (18 decimals) from a decimal string. */
export const bwk = (value: string): bigint => parseUnits(value, 18);
/** BulwarkToken's fixed supply: 100,000,000 BWK (18 decimals). */
export const BWK_SUPPLY = 100_000_000n * WAD;

export interface ProductConfig {
  /** Stable short name (the CLI's `bulwark buy <key>`). */
  key: string;
  name: string;
  kind: ProductKind;
  payoutRule: (typeof PayoutRule)[keyof typeof PayoutRule];
  baseRateWad: bigint;
  capWad: bigint;
  maxCoverAmount: bigint;
  minPeriod: number;
  maxPeriod: number;
  waitingPeriod: number;
  claimGracePeriod: number;
  termsURI: string;
  /** Who decides its claims (default: token holders through the ClaimsManager). */
  route?: RouteConfig;
}

/**
 * A parametric product's trigger and its terms. Prices are in the feed's units (8 decimals for
 * Chainlink USD pairs); shares are WAD.
 */
export type RouteConfig =
  | { kind: 'assessed' }
  | {
      kind: 'depeg';
      /** The pair in `feeds` whose rounds prove the de-peg. */
      feed: string;
      /** Longest gap between consecutive rounds the proof accepts (seconds). */
      heartbeat: number;
      /** How long the answer must stay below `threshold` (seconds). */
      minDuration: number;
      /** After an event, how long until anyone may close it (sales resume). */
      payoutWindow: number;
      threshold: bigint;
      recoverPrice: bigint;
      referencePrice: bigint;
      minAnswer: bigint;
      maxAnswer: bigint;
      /** Pay the shortfall below `referencePrice` capped at `payoutWad`, or `payoutWad` flat. */
      proportional: boolean;
      payoutWad: bigint;
      /** L2 sequencer uptime feed and grace period (omit on L1). */
      sequencer?: { feed: Address; gracePeriod: number };
    }
  | {
      kind: 'report';
      /** Payout share of tiers 1, 2, ... (WAD). */
      tierPayoutsWad: readonly bigint[];
      /** How long a submitted report waits for the guardian or governance to void it (seconds). */
      disputeWindow: number;
      payoutWindow: number;
    };

/** Oracle signers of the SignedReportTrigger: `threshold` of `signers` must sign a report. */
export interface OracleConfig {
  signers: readonly Address[];
  threshold: number;
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

/**
 * The pool's asset: a MockUSDC deployed with the protocol (local chains only: anyone can mint it), or
 * an existing ERC-20 whose symbol and decimals are read on chain. `decimals`, when given, is what the
 * amounts of this configuration assume; the deployment refuses a token with other decimals.
 */
export type AssetConfig = { mock: true } | { address: Address; decimals?: number };

/**
 * A Chainlink-style price feed: a MockAggregator deployed with the protocol (8 decimals; its owner,
 * the deployer, pushes answers), or an existing AggregatorV3Interface.
 */
export type FeedConfig = { mock: true; /** Initial answer, 8 decimals (1.00000000 = 100000000n). */ answer: bigint } | { address: Address };

export interface DeployConfig {
  /** Name of the network configuration, written to the deployment (`local`, `sepolia`, ...). */
  network: string;
  asset: AssetConfig;
  /** Price feeds by pair, e.g. `{ 'USDC/USD': { mock: true, answer: 100_000_000n } }`. */
  feeds: Readonly<Record<string, FeedConfig>>;
  /** GUARDIAN_ROLE of the CoverManager and the ClaimsManager (zero for none). */
  guardian: Address;
  cancelFeeWad: bigint;
  guardianPauseLimit: number;
  pool: PoolConfig;
  products: readonly ProductConfig[];
  token: TokenConfig;
  governance: GovernanceConfig;
  claims: ClaimsConfig;
  /** Oracle signers of the report trigger (flight delay, catastrophe). */
  oracles: OracleConfig;
  /**
   * Hand every admin role to the TimelockController and keep none (true for any real deployment; the
   * deploy command refuses false). False leaves the deployer admin of everything and the timelock
   * without proposers; for benchmarks that need to reconfigure the contracts directly.
   */
  handOverToTimelock: boolean;
}

/** What a network's configuration may depend on when it is built (at deployment time, not import). */
export interface NetworkContext {
  /** The account that deploys (and, with the hand-over, keeps no role). */
  deployer: Address;
  /** Environment variables (addresses that differ per deployment: guardian, ...). */
  env: Readonly<Record<string, string | undefined>>;
}

/** One network: its chain and how to build its deployment configuration. */
export interface NetworkConfig {
  /** The `--network` name; also the file name in deploy/networks/. */
  name: string;
  /** The chain id the RPC must serve (checked before anything is sent); omitted: any chain. */
  chainId?: number;
  /**
   * A development chain that can be reset (anvil): a deployment file or journal whose contracts are
   * gone is stale and replaced. On any other chain that refuses, since it means a wrong file.
   */
  development: boolean;
  /** Builds the configuration; throws NetworkConfigError for a missing or bad environment variable. */
  deployConfig(context: NetworkContext): DeployConfig;
}

/** Error for a deployment configuration that cannot be deployed as given. */
export class DeployConfigError extends Error {
  override name = 'DeployConfigError';
}

/** Error for a network configuration that cannot be built (a missing or malformed environment variable). */
export class NetworkConfigError extends Error {
  override name = 'NetworkConfigError';
}

/** Declares a network configuration (type-checked; returns it unchanged). */
export function defineNetwork<const T extends NetworkConfig>(network: T): T {
  return network;
}

/** The address in environment variable `name`; throws NetworkConfigError when it is unset or malformed. */
export function addressFromEnv(env: NetworkContext['env'], name: string, purpose: string): Address {
  const value = env[name]?.trim();
  if (!value) throw new NetworkConfigError(`set ${name} to the ${purpose} address`);
  if (!isAddress(value, { strict: false })) throw new NetworkConfigError(`${name} is not an address: ${value}`);
  return getAddress(value);
}
