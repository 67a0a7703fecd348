/**
 * The REST contract of the Bulwark indexer (`/api/*`), type-only.
 *
 * Conventions (every endpoint):
 * - JSON. Amounts are decimal strings of base units (`Amount`); WAD ratios are decimal strings scaled by
 *   1e18 (`Wad`); addresses are lowercase `0x` hex; timestamps are unix seconds (`number`); ids are
 *   decimal strings (trigger events excepted: see `TriggerEvent.id`).
 * - Lists take `?limit=1..100` (default 20) and `?cursor=<opaque>` and answer `Page<T>`; pass
 *   `nextCursor` back as `cursor` for the next page (`null`: no more).
 * - A bad parameter answers 400 `ApiError` whose message names the parameter; an unknown id answers 404
 *   `ApiError`.
 * - Time-dependent statuses (a cover's `expired`, a proposal's `active`) are evaluated at the last
 *   indexed block's timestamp (`Totals.timestamp`), not the wall clock.
 */

/** Lowercase 0x-prefixed hex address. */
export type Address = `0x${string}`;
/** 0x-prefixed hex (bytes32 risk keys, transaction hashes, calldata). */
export type Hex = `0x${string}`;
/** Decimal string of asset base units (6 decimals for USDC) or token base units (18 for BWK). */
export type Amount = string;
/** Decimal string of a ratio scaled by 1e18 (`"500000000000000000"` = 50%). */
export type Wad = string;
/** Decimal string id. */
export type Id = string;
/** Unix seconds. */
export type Timestamp = number;

export type ApiErrorCode = 'bad_request' | 'not_found' | 'internal';

/** Body of every 4xx/5xx answer. `message` names the offending parameter on 400. */
export interface ApiError {
  error: { code: ApiErrorCode; message: string };
}

/** A page of a list. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Where an on-chain fact was recorded. */
export interface EventRef {
  timestamp: Timestamp;
  blockNumber: number;
  txHash: Hex;
}

// ------------------------------------------------------------------------------------------ totals

/** `GET /api/totals`: the protocol at the last indexed block. */
export interface Totals {
  /** Last indexed block. */
  blockNumber: number;
  timestamp: Timestamp;
  chainId: number;
  asset: { address: Address; symbol: string; decimals: number };
  pool: Address;
  /** Pool capital: `CoverPool.totalAssets()` (asset balance minus unearned premium and owed payouts). */
  capital: Amount;
  /** Active cover: `CoverManager.activeCover()`. */
  activeCover: Amount;
  /** Capital the active cover requires: `CoverManager.requiredCapital()` = activeCover / leverage (rounded up). */
  requiredCapital: Amount;
  /** activeCover / (capital x leverage), WAD; "0" when capital is 0. */
  utilizationWad: Wad;
  /**
   * capital / requiredCapital, i.e. `totalAssets() / (activeCover / leverage)`: 1.0 means the pool holds
   * exactly the capital its active cover needs at the governed leverage, 2.0 twice that. `null` when no
   * cover is active (requiredCapital = 0). Capital and requiredCapital are those of the last point of the
   * pool's series (the last block that changed the pool).
   */
  solvencyRatio: number | null;
  /** Every premium paid: purchases plus extensions (cancellation refunds not deducted). */
  premiumsWritten: Amount;
  /** Premium earned by the pool to date: premiumsWritten - cancellation refunds - unearned premium. */
  premiumsEarned: Amount;
  /** Every payout to cover owners (claims, incidents, triggers). */
  claimsPaid: Amount;
  /** Covers ever bought. */
  coversSold: number;
  /** Covers in force: not cancelled, not exhausted, end > timestamp. */
  activeCovers: number;
  /** Claims and incidents not final: status voting, accepted, escalated or payable. */
  openCases: number;
}

// ---------------------------------------------------------------------------------------- products

export type ProductStatus = 'unlisted' | 'active' | 'paused' | 'retired';
export type PayoutRule = 'assessed' | 'trigger-fixed' | 'trigger-proportional';
/** The contract a product's claim route points at, by name; `unknown` for any other address. */
export type ClaimRouteKind = 'ClaimsManager' | 'ChainlinkDepegTrigger' | 'SignedReportTrigger' | 'unknown';

export interface ProductParams {
  baseRateWad: Wad;
  capWad: Wad;
  maxCoverAmount: Amount;
  /** Seconds. */
  minPeriod: number;
  maxPeriod: number;
  waitingPeriod: number;
  claimGracePeriod: number;
  payoutRule: PayoutRule;
  termsUri: string;
}

/** `GET /api/products` -> `{ items: Product[] }` (not paginated; ordered by id). */
export interface Product {
  id: Id;
  /** From the deployment file; null for a product listed after it. */
  key: string | null;
  name: string | null;
  kind: string | null;
  status: ProductStatus;
  /** Guardian sales pause end (0: none). */
  salesPausedUntil: Timestamp;
  /** Payouts pause end (0: none; 4294967295: halted by governance). */
  payoutsPausedUntil: Timestamp;
  /** Open incidents (sales, extensions and cancellations wait while > 0). */
  openIncidents: number;
  claimRoute: Address;
  claimRouteKind: ClaimRouteKind;
  params: ProductParams;
  listedAt: Timestamp;
  /** Sum of the remaining amounts of this product's covers in force (see `Totals.activeCovers`). */
  activeCover: Amount;
  activeCovers: number;
  coversSold: number;
  premiumsWritten: Amount;
  claimsPaid: Amount;
}

export interface ProductsResponse {
  items: Product[];
}

// ------------------------------------------------------------------------------------------ covers

/**
 * At the last indexed block, the first that applies (the SDK's `CoverStatus` order; `exhausted` is its `paid`):
 * - `cancelled`: cancelled by its owner (refund paid).
 * - `claim-open`: a claim on it is being assessed (its case is voting, accepted or escalated).
 * - `exhausted`: payouts used its whole amount.
 * - `expired`: end <= last indexed timestamp.
 * - `waiting`: still inside the product's waiting period (`waitingEnds` > last indexed timestamp).
 * - `active`: in force and past its waiting period.
 */
export type CoverStatus = 'active' | 'expired' | 'cancelled' | 'exhausted' | 'waiting' | 'claim-open';

/** Which claim route paid. */
export type PayoutKind = 'claim' | 'incident' | 'trigger' | 'other';

export interface CoverPayout extends EventRef {
  amount: Amount;
  kind: PayoutKind;
  /** The claim route contract that paid. */
  route: Address;
  /** The claim or incident (kind claim / incident), else null. */
  caseId: Id | null;
  /** The trigger event (kind trigger, `TriggerEvent.id`), else null. */
  eventId: string | null;
  /** The NFT owner paid. */
  owner: Address;
  incidentTime: Timestamp;
}

/** `GET /api/covers?owner=&productId=&status=` -> `Page<Cover>` (newest first), `GET /api/covers/:id` -> `Cover`. */
export interface Cover {
  id: Id;
  productId: Id;
  /** Current NFT owner (follows transfers); the last owner for a cancelled cover. */
  owner: Address;
  /** Who the cover was bought for (owner at purchase). */
  buyer: Address;
  riskKey: Hex;
  /** Amount bought. */
  amount: Amount;
  /** amount - paid. */
  remaining: Amount;
  start: Timestamp;
  /** Exclusive end; the cancellation time once cancelled. */
  end: Timestamp;
  /** start + the product's current waiting period: incidents before it are not covered (as the contract checks). */
  waitingEnds: Timestamp;
  /** Premium paid: purchase plus extensions. */
  premium: Amount;
  status: CoverStatus;
  paid: Amount;
  /** Cancellation refund, null unless cancelled. */
  refund: Amount | null;
  cancelledAt: Timestamp | null;
  /** The purchase. */
  createdAt: Timestamp;
  blockNumber: number;
  txHash: Hex;
  /** Oldest first. */
  payouts: CoverPayout[];
}

// ------------------------------------------------------------------------------------------- cases

export type CaseKind = 'claim' | 'incident';
/** ClaimsManager's `CaseStatus`, lowercased. */
export type CaseStatus = 'voting' | 'accepted' | 'escalated' | 'rejected' | 'overturned' | 'paid' | 'payable' | 'closed';
/** The ClaimsManager event of a timeline entry. */
export type CaseStep = 'filed' | 'resolved' | 'escalated' | 'overturned' | 'decided' | 'settled' | 'paid' | 'payable' | 'closed';

export interface CaseTimelineEntry extends EventRef {
  step: CaseStep;
  /** The case's status after this step. */
  status: CaseStatus;
}

export interface CaseVote extends EventRef {
  voter: Address;
  support: boolean;
  /** BWK voting power at the case's snapshot, base units. */
  weight: Amount;
  /** Voter reward taken (asset units) once claimed, else null. */
  reward: Amount | null;
}

/** `GET /api/cases?kind=&status=&coverId=&owner=` -> `Page<Case>` (newest first); `owner` matches the filer. */
export interface Case {
  id: Id;
  kind: CaseKind;
  productId: Id;
  /** Claims only. */
  coverId: Id | null;
  /** Claimant (claims) or reporter (incidents). */
  filer: Address;
  /** Claims: amount asked; null for incidents. */
  amount: Amount | null;
  /** Incidents: payout share of each cover, WAD; null for claims. */
  payoutWad: Wad | null;
  incidentTime: Timestamp;
  /** Claim deposit or incident bond. */
  deposit: Amount;
  evidenceUri: string;
  status: CaseStatus;
  createdAt: Timestamp;
  voteEnd: Timestamp;
  /** End of the challenge period once accepted; null otherwise. */
  challengeEnd: Timestamp | null;
  /** Incidents once payable. */
  payoutWindowEnd: Timestamp | null;
  /** BWK base units. */
  votesFor: Amount;
  votesAgainst: Amount;
  voteCount: number;
  /** Quorum reported at resolution (BWK base units), null before. */
  quorum: Amount | null;
  /** Paid to cover owners through this case. */
  paid: Amount;
  coversPaid: number;
  /** Oldest first. */
  timeline: CaseTimelineEntry[];
}

/** `GET /api/cases/:id`. */
export interface CaseDetail extends Case {
  /** Oldest first. */
  votes: CaseVote[];
}

// ------------------------------------------------------------------------------------------- pools

/** One block that changed the pool (`GET /api/pools/:address/history`). */
export interface PoolPoint {
  blockNumber: number;
  timestamp: Timestamp;
  /** `totalAssets()` at the block. */
  capital: Amount;
  /** `CoverManager.activeCover()` at the block. */
  activeCover: Amount;
  utilizationWad: Wad;
  /** Asset per whole share, WAD: convertToAssets(10^shareDecimals) x 10^(18 - assetDecimals). */
  sharePriceWad: Wad;
  /** Cumulative premium earned at the block (see `Totals.premiumsEarned`). */
  premiumsEarned: Amount;
  /** Pool shares outstanding, share base units (asset decimals + 6). */
  totalSupply: Amount;
  /** Cumulative payouts to cover owners (claims, incidents, triggers) up to the end of the block. */
  claimsPaid: Amount;
  /** Cumulative premiums written (purchases + extensions, refunds not deducted) up to the end of the block. */
  premiumsWritten: Amount;
}

/** `GET /api/pools` -> `{ items: Pool[] }`. */
export interface Pool extends PoolPoint {
  address: Address;
  manager: Address;
  asset: Address;
  shareDecimals: number;
  requiredCapital: Amount;
  leverageWad: Wad;
  /** Shares queued by withdrawal requests not cancelled or executed. */
  pendingWithdrawalShares: Amount;
  /** Trailing window of the APY, seconds (30 days). */
  apyWindowSeconds: number;
  /**
   * Annualized premium yield: (premiumsEarned now - premiumsEarned at the start of the window) / capital
   * now x (365 days / window covered), where the window covered is min(30 days, time since the pool's
   * first point). Payouts are not deducted. A fraction (0.05 = 5%); null when capital is 0 or no time
   * has passed.
   */
  apy: number | null;
}

export interface PoolsResponse {
  items: Pool[];
}

/** `GET /api/pools/:address/history?from=&to=&limit=&cursor=`: oldest first; `from`/`to` are inclusive
 * unix seconds; `limit` 1..1000 (default 100) for this endpoint. */
export type PoolHistoryResponse = Page<PoolPoint>;

// --------------------------------------------------------------------------------------- proposals

export type ProposalStatus = 'pending' | 'active' | 'defeated' | 'succeeded' | 'queued' | 'executed' | 'canceled';
export type ProposalStep = 'created' | 'queued' | 'executed' | 'canceled';

export interface ProposalTimelineEntry extends EventRef {
  step: ProposalStep;
}

export type VoteSupport = 'against' | 'for' | 'abstain';

export interface ProposalVote extends EventRef {
  voter: Address;
  support: VoteSupport;
  weight: Amount;
  reason: string;
}

/** `GET /api/proposals` -> `Page<Proposal>` (newest first). */
export interface Proposal {
  /** Governor proposal id (uint256, decimal). */
  id: Id;
  proposer: Address;
  description: string;
  targets: Address[];
  values: Amount[];
  calldatas: Hex[];
  signatures: string[];
  /** Voting opens / closes (the token's clock is timestamps). */
  voteStart: Timestamp;
  voteEnd: Timestamp;
  /**
   * From events and the last indexed timestamp: canceled/executed/queued when those events happened;
   * else pending before voteStart, active until voteEnd, then succeeded when for > against and for +
   * abstain >= quorum, defeated otherwise.
   */
  status: ProposalStatus;
  /** Timelock execution time once queued. */
  eta: Timestamp | null;
  votesFor: Amount;
  votesAgainst: Amount;
  votesAbstain: Amount;
  voteCount: number;
  /** `quorum(voteStart)` read when the proposal was created (token supply x quorum fraction). */
  quorum: Amount;
  createdAt: Timestamp;
  blockNumber: number;
  txHash: Hex;
  timeline: ProposalTimelineEntry[];
}

/** `GET /api/proposals/:id`. */
export interface ProposalDetail extends Proposal {
  votes: ProposalVote[];
}

// ---------------------------------------------------------------------------------- trigger events

export type TriggerKind = 'ChainlinkDepegTrigger' | 'SignedReportTrigger';

export interface TriggerPayout extends EventRef {
  coverId: Id;
  /** Cover owner paid. */
  owner: Address;
  amount: Amount;
}

/** `GET /api/trigger-events?productId=&trigger=` -> `Page<TriggerEvent>` (newest first); `GET /api/trigger-events/:id`. */
export interface TriggerEvent {
  /** `<trigger address>:<eventId>` (event ids count per trigger contract). */
  id: string;
  trigger: Address;
  triggerKind: TriggerKind;
  eventId: Id;
  productId: Id;
  /** Zero for a product-wide event (de-peg). */
  riskKey: Hex;
  incidentTime: Timestamp;
  payoutWad: Wad;
  /** The proof / finalization. */
  provenAt: Timestamp;
  blockNumber: number;
  txHash: Hex;
  closedAt: Timestamp | null;
  /** The signed report finalized into this event (SignedReportTrigger only). */
  report: { reportId: Id; observedValue: string; tier: number; submittedAt: Timestamp } | null;
  totalPaid: Amount;
  coversPaid: number;
  /** Number of payouts of the event (all of them; `payouts` holds at most 20). */
  payoutCount: number;
  /**
   * The first 20 payouts, oldest first (list and detail alike); when `payoutCount` is larger, page
   * through all of them with `GET /api/trigger-events/:id/payouts`.
   */
  payouts: TriggerPayout[];
}

/** `GET /api/trigger-events/:id/payouts?limit=&cursor=`: every payout of the event, oldest first (404 for an unknown event). */
export type TriggerPayoutsResponse = Page<TriggerPayout>;

// -------------------------------------------------------------------------------- config changes

/** Contracts whose configuration changes are recorded (`ConfigChange.contract`). */
export type ConfigContract = 'CoverManager' | 'CoverPool' | 'ClaimsManager' | 'BulwarkGovernor' | 'ChainlinkDepegTrigger' | 'SignedReportTrigger';

/**
 * `GET /api/config-changes?contract=&limit=&cursor=` -> `Page<ConfigChange>`, newest first: every
 * parameter, role, signer or governor-setting change. `contract` is a `ConfigContract` name or a
 * contract address.
 */
export interface ConfigChange extends EventRef {
  /** `<txHash>-<logIndex>`. */
  id: string;
  contract: ConfigContract;
  address: Address;
  /** The event's name (`CancelFeeSet`, `ProductUpdated`, `RoleGranted`, `SignerSet`, ...). */
  event: string;
  /** The event's decoded arguments by name (structs as objects); integers as decimal strings, addresses lowercase. */
  args: Record<string, unknown>;
  /** The transaction's sender: for a change made by governance, whoever executed the proposal. */
  from: Address;
  logIndex: number;
}
