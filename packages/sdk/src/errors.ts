import { BaseError as ViemBaseError, ContractFunctionRevertedError, type ContractErrorArgs, type ContractErrorName } from 'viem';

import { bulwarkErrorsAbi } from './abis/errors.js';

/** Base of every error the SDK throws: a short human message, the original error as `cause`. */
export class BulwarkError extends Error {
  override name = 'BulwarkError';
  /** Whether trying again later may succeed (an RPC failure) rather than certainly failing the same way. */
  readonly retryable: boolean;
  constructor(message: string, options: { cause?: unknown; retryable?: boolean } = {}) {
    super(message, { cause: options.cause });
    this.retryable = options.retryable ?? false;
  }
}

/** A parameter the SDK rejects before anything reaches the chain. */
export class InvalidParameterError extends BulwarkError {
  override name = 'InvalidParameterError';
}

/** A product id or key the deployment does not have. */
export class UnknownProductError extends BulwarkError {
  override name = 'UnknownProductError';
  constructor(readonly product: number | string, known: readonly string[]) {
    super(`unknown product "${product}"; known: ${known.join(', ')}`);
  }
}

/** A missing or malformed deployment file. */
export class DeploymentError extends BulwarkError {
  override name = 'DeploymentError';
}

/** The RPC serves another chain than the deployment was made for. */
export class WrongNetworkError extends BulwarkError {
  override name = 'WrongNetworkError';
  constructor(readonly expected: number, readonly actual: number) {
    super(`wrong network: the deployment is for chain ${expected}, the RPC serves chain ${actual}`);
  }
}

/** A write action called on a client without an account. */
export class NoAccountError extends BulwarkError {
  override name = 'NoAccountError';
  constructor(action: string) {
    super(`${action} needs an account: create the client with a wallet (private key)`);
  }
}

/** A transaction that was mined but reverted (a revert caught before sending is a `BulwarkContractError`). */
export class TransactionRevertedError extends BulwarkError {
  override name = 'TransactionRevertedError';
  constructor(readonly label: string, readonly hash: `0x${string}`) {
    super(`${label} reverted in transaction ${hash}`);
  }
}

/** The RPC failed or timed out (retryable). */
export class RpcError extends BulwarkError {
  override name = 'RpcError';
}

type ErrorsAbi = typeof bulwarkErrorsAbi;
/** The name of any custom error the Bulwark contracts can raise. */
export type BulwarkErrorName = ContractErrorName<ErrorsAbi>;
/** The decoded arguments of custom error `N`. */
export type BulwarkErrorArgs<N extends BulwarkErrorName = BulwarkErrorName> = ContractErrorArgs<ErrorsAbi, N>;

/** A revert with one of the contracts' custom errors, decoded: `errorName`, `args` and a readable message. */
export class BulwarkContractError<N extends BulwarkErrorName = BulwarkErrorName> extends BulwarkError {
  override name = 'BulwarkContractError';
  constructor(
    readonly errorName: N,
    readonly args: BulwarkErrorArgs<N>,
    options: { cause?: unknown } = {},
  ) {
    super(describeContractError(errorName, args as readonly unknown[] | undefined), options);
  }

  /** The message again with amounts formatted by `formatAmount` (e.g. as USDC). */
  describe(formatAmount: (value: bigint) => string): string {
    return describeContractError(this.errorName, this.args as readonly unknown[] | undefined, formatAmount);
  }

  /** Narrows to one error: `if (e.is('PoolCapacityExceeded')) e.args[1]`. */
  is<M extends BulwarkErrorName>(name: M): this is BulwarkContractError<M> {
    return (this.errorName as string) === name;
  }
}

/** A revert the SDK could not decode (a plain `require` message, a panic, or an unknown selector). */
export class UnknownRevertError extends BulwarkError {
  override name = 'UnknownRevertError';
}

const productStatuses = ['unlisted', 'active', 'paused', 'retired'] as const;
const caseStatuses = ['none', 'voting', 'accepted', 'escalated', 'rejected', 'overturned', 'paid', 'payable', 'closed'] as const;
const time = (seconds: unknown) => new Date(Number(seconds) * 1000).toISOString().replace('.000Z', 'Z');

/**
 * Messages for the errors users meet. Amounts are in base units of the asset (USDC: 6 decimals);
 * the CLI formats them. Any error not listed gets a message from its name and arguments.
 */
const messages: { [N in BulwarkErrorName]?: (args: readonly unknown[], fmt: (value: unknown) => string) => string } = {
  PoolCapacityExceeded: ([requested, available], fmt) => `pool capacity exceeded: ${fmt(requested)} requested, ${fmt(available)} available`,
  ProductCapacityExceeded: ([id, requested, available], fmt) => `capacity of product ${id} exceeded: ${fmt(requested)} requested, ${fmt(available)} available`,
  InsufficientCapital: ([requested, available], fmt) => `not enough free capital: ${fmt(requested)} requested, ${fmt(available)} available`,
  UnknownProduct: ([id]) => `unknown product ${id}`,
  ProductNotActive: ([id, status]) => `product ${id} is not on sale (${productStatuses[Number(status)] ?? status})`,
  SalesPaused: ([id, until]) => `sales of product ${id} are paused until ${time(until)}`,
  RiskClosed: ([id, riskKey]) => `product ${id} no longer sells cover for risk ${riskKey}: its event has happened`,
  IncidentOpen: ([id]) => `product ${id} has an open incident: no sales, extensions or cancellations until it closes`,
  PeriodOutOfRange: ([id, period, min, max]) => `period ${period} s is outside product ${id}'s range [${min}, ${max}] s`,
  CoverAmountTooLarge: ([id, requested, max], fmt) => `cover amount ${fmt(requested)} is above product ${id}'s maximum ${fmt(max)}`,
  PremiumAboveMax: ([premium, max], fmt) => `premium ${fmt(premium)} is above the maximum you accepted (${fmt(max)}); the price moved`,
  RefundBelowMin: ([refund, min], fmt) => `refund ${fmt(refund)} is below the minimum you accepted (${fmt(min)})`,
  ZeroAmount: () => 'amount must be greater than zero',
  ZeroAddress: () => 'address must not be zero',
  UnknownCover: ([id]) => `cover ${id} does not exist`,
  NotCoverOwner: ([id, caller]) => `${caller} neither owns nor is approved for cover ${id}`,
  CoverExpired: ([id, end]) => `cover ${id} expired at ${time(end)}`,
  CoverIsCancelled: ([id]) => `cover ${id} was cancelled`,
  CoverHasPayouts: ([id]) => `cover ${id} has been paid and can no longer be changed`,
  ClaimAlreadyOpen: ([id]) => `cover ${id} already has an open claim`,
  ClaimWindowClosed: ([id, deadline]) => `the claim window of cover ${id} closed at ${time(deadline)}`,
  CoverNotActiveAt: ([id, at, start, end]) => `cover ${id} was not active at ${time(at)} (active ${time(start)} to ${time(end)})`,
  InWaitingPeriod: ([id, at, ends]) => `the incident at ${time(at)} falls in cover ${id}'s waiting period (ends ${time(ends)})`,
  PayoutExceedsCover: ([id, requested, remaining], fmt) => `${fmt(requested)} exceeds what cover ${id} can still pay (${fmt(remaining)})`,
  PayoutsPaused: ([id, until]) => `payouts of product ${id} are paused until ${time(until)}`,
  WithdrawalCoolingDown: ([owner, unlocksAt]) => `the withdrawal of ${owner} is cooling down until ${time(unlocksAt)}`,
  WithdrawalWindowClosed: ([owner, expiredAt]) => `the withdrawal window of ${owner} closed at ${time(expiredAt)}; request again`,
  NoWithdrawalRequest: ([owner]) => `${owner} has no withdrawal request; request one first`,
  ExceedsRequestedShares: ([owner, shares, requested]) => `${shares} shares exceed the ${requested} that ${owner} requested`,
  InsufficientShares: ([owner, shares, balance]) => `${owner} holds ${balance} shares, not ${shares}`,
  WithdrawalsFrozen: ([open]) => `withdrawals wait while ${open} claim(s) against the pool are open`,
  CapitalRequiredByCover: ([assets, available], fmt) => `${fmt(assets)} would take capital that active cover needs; ${fmt(available)} can leave now`,
  SharesLocked: ([owner, value, locked, balance]) => `${owner} cannot move ${value} shares: ${locked} of its ${balance} are queued for withdrawal`,
  ERC20InsufficientAllowance: ([spender, allowance, needed], fmt) => `insufficient allowance: ${spender} may spend ${fmt(allowance)}, needs ${fmt(needed)}; approve first (or use a permit)`,
  ERC20InsufficientBalance: ([sender, balance, needed], fmt) => `insufficient balance: ${sender} has ${fmt(balance)}, needs ${fmt(needed)}`,
  ERC2612ExpiredSignature: ([deadline]) => `the permit expired at ${time(deadline)}`,
  ERC2612InvalidSigner: ([signer, owner]) => `the permit was signed by ${signer}, not by the owner ${owner}`,
  AccessControlUnauthorizedAccount: ([account, role]) => `${account} lacks role ${role}`,
  UnknownCase: ([id]) => `case ${id} does not exist`,
  WrongStatus: ([id, status]) => `case ${id} is ${caseStatuses[Number(status)] ?? status}, which does not allow this`,
  VotingClosed: ([id, deadline]) => `voting on case ${id} closed at ${time(deadline)}`,
  VotingOpen: ([id, deadline]) => `voting on case ${id} is open until ${time(deadline)}`,
  ChallengeOpen: ([id, deadline]) => `case ${id} is in its challenge period until ${time(deadline)}`,
  ChallengeClosed: ([id, deadline]) => `the challenge period of case ${id} ended at ${time(deadline)}`,
  PayoutWindowOpen: ([id, until]) => `the payout window of incident ${id} is open until ${time(until)}`,
  AlreadyVoted: ([id, voter]) => `${voter} already voted on case ${id}`,
  NoVotingPower: ([id, voter, snapshot]) => `${voter} had no delegated votes at case ${id}'s snapshot (${time(snapshot)}); delegate before a case is filed`,
  FilerCannotVote: ([id]) => `the filer of case ${id} cannot vote on it`,
  EmptyEvidence: () => 'evidence URI must not be empty',
  IncidentInFuture: ([at]) => `incident time ${time(at)} is in the future`,
  IncidentAlreadyOpen: ([product, id]) => `product ${product} already has incident ${id} open`,
  NoReward: ([id, voter]) => `${voter} has no reward to claim from case ${id}`,
  FaucetLimit: ([requested, limit], fmt) => `the faucet gives at most ${fmt(limit)} per call, not ${fmt(requested)}`,
};

/**
 * A readable message for custom error `name` with `args`. Amounts appear in base units unless
 * `formatAmount` is given (the CLI passes one that prints `1,250.5 USDC`).
 */
export function describeContractError(
  name: string,
  args: readonly unknown[] | undefined,
  formatAmount: (value: bigint) => string = (value) => value.toString(),
): string {
  const known = messages[name as BulwarkErrorName];
  const list = args ?? [];
  if (known) return known(list, (value) => (typeof value === 'bigint' ? formatAmount(value) : String(value)));
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2').toLowerCase();
  return list.length ? `${words} (${list.map(formatArg).join(', ')})` : words;
}

function formatArg(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'object' && value !== null) return JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  return String(value);
}

/** Case statuses as the contract numbers them (for messages and displays). */
export const caseStatusNames = caseStatuses;
export const productStatusNames = productStatuses;

/**
 * Turns whatever a viem call threw into a `BulwarkError`: a decoded custom error becomes a
 * `BulwarkContractError`, another revert an `UnknownRevertError`, an RPC or network failure a
 * retryable `RpcError`. Errors that are already `BulwarkError`s pass through.
 */
export function toBulwarkError(error: unknown): BulwarkError {
  if (error instanceof BulwarkError) return error;
  if (error instanceof ViemBaseError) {
    const revert = error.walk((e) => e instanceof ContractFunctionRevertedError);
    if (revert instanceof ContractFunctionRevertedError) {
      const data = revert.data;
      if (data && data.errorName && data.abiItem.type === 'error' && data.errorName !== 'Error' && data.errorName !== 'Panic') {
        return new BulwarkContractError(data.errorName as BulwarkErrorName, (data.args ?? []) as never, { cause: error });
      }
      return new UnknownRevertError(revert.reason ? `reverted: ${revert.reason}` : revert.shortMessage, { cause: error });
    }
    const rpc = error.walk((e) => {
      const name = (e as { name?: string }).name ?? '';
      return /HttpRequestError|TimeoutError|WebSocketRequestError|SocketClosedError/.test(name);
    });
    if (rpc) return new RpcError(`RPC failure: ${error.shortMessage}`, { cause: error, retryable: true });
    return new BulwarkError(error.shortMessage, { cause: error });
  }
  if (error instanceof Error) return new BulwarkError(error.message, { cause: error });
  return new BulwarkError(String(error), { cause: error });
}
