/**
 * Recommended rates and limits -> the calls of a governance proposal (CoverManager.updateProduct and
 * setPoolParams), with governance's on-chain bounds (ParamsLib, Constants.sol) and a largest relative
 * change per proposal, so a bad fit cannot propose a change beyond them. Pure: no Node built-ins.
 */
import { coverManagerAbi, type ProposalCalls } from '@bulwark/sdk';
import { encodeFunctionData, type Address, type Hex } from 'viem';

import { BoundsError } from './errors.js';

const WAD = 10n ** 18n;
/** A millionth in WAD: the CoverManager stores pool parameters in whole millionths (CONFIG_UNIT). */
const MILLIONTH = 10n ** 12n;
/**
 * Constants.sol: MAX_BASE_RATE_WAD, MAX_LEVERAGE_WAD (also the product cap's upper bound); `unit` is
 * the step a value must be a whole multiple of (pool parameters: millionths, else `ParameterTooPrecise`).
 */
export const onChainBounds = {
  baseRateWad: { min: 0n, max: 10n * WAD, unit: 1n },
  capWad: { min: 1n, max: 10n * WAD, unit: 1n },
  leverageWad: { min: MILLIONTH, max: 10n * WAD, unit: MILLIONTH },
} as const;

const floorTo = (value: bigint, unit: bigint): bigint => value - (value % unit);
const ceilTo = (value: bigint, unit: bigint): bigint => floorTo(value + unit - 1n, unit);

/** The struct `updateProduct` takes, as `CoverManager.product(id)` returns it. */
export interface OnChainProductParams {
  claimRoute: Address;
  baseRateWad: bigint;
  capWad: bigint;
  maxCoverAmount: bigint;
  minPeriod: number;
  maxPeriod: number;
  waitingPeriod: number;
  claimGracePeriod: number;
  payoutRule: number;
  termsURI: string;
}
export interface OnChainPoolParams {
  leverageWad: bigint;
  curve: { kinkWad: bigint; slope1Wad: bigint; slope2Wad: bigint };
}

export interface CurrentState {
  coverManager: Address;
  pool: OnChainPoolParams;
  products: { id: number; key: string; params: OnChainProductParams }[];
}

export interface Recommendation {
  /** Annual base rate and cap (share of capital) by product key; absent fields stay as they are. */
  products: { key: string; rate?: number | undefined; cap?: number | undefined }[];
  leverage?: number | undefined;
}

export interface ProposalLimits {
  /** Largest |new - old| / old per parameter per proposal (0.5: at most +-50%). */
  maxRelativeChange: number;
  /** Clamp to the largest change instead of refusing (the description says so). */
  clamp: boolean;
}
export const defaultProposalLimits: ProposalLimits = { maxRelativeChange: 0.5, clamp: false };

export interface ParameterChange {
  target: string;
  parameter: 'baseRateWad' | 'capWad' | 'leverageWad';
  from: bigint;
  to: bigint;
  recommended: bigint;
  clamped: boolean;
}

export interface RiskProposal extends ProposalCalls {
  changes: ParameterChange[];
}

/** A ratio as WAD, rounded as named. Rates round up (premiums favour the pool), caps and leverage down. */
export function toWad(value: number, rounding: 'up' | 'down'): bigint {
  if (!Number.isFinite(value) || value < 0) throw new BoundsError('value', value, 0, Infinity, 'not a finite non-negative number');
  // Nine decimals through the float (it holds ~16 digits, not 18); the epsilon absorbs its binary noise.
  const nano = rounding === 'up' ? Math.ceil(value * 1e9 - 1e-6) : Math.floor(value * 1e9 + 1e-6);
  return BigInt(nano) * 10n ** 9n;
}

function check(target: string, parameter: ParameterChange['parameter'], from: bigint, recommended: bigint, limits: ProposalLimits): ParameterChange {
  const bound = onChainBounds[parameter];
  const asNumber = (v: bigint) => Number(v) / 1e18;
  // Pool parameters are whole millionths on chain: leverage rounds down to one (never above the fit).
  recommended = floorTo(recommended, bound.unit);
  if (recommended < bound.min || recommended > bound.max) {
    throw new BoundsError(`${target}.${parameter}`, asNumber(recommended), asNumber(bound.min), asNumber(bound.max), 'governance bound on chain');
  }
  const maxDelta = (from * BigInt(Math.round(limits.maxRelativeChange * 1e6))) / 1_000_000n;
  const lo = ceilTo(from - maxDelta > bound.min ? from - maxDelta : bound.min, bound.unit);
  const hi = floorTo(from + maxDelta < bound.max ? from + maxDelta : bound.max, bound.unit);
  let to = recommended;
  let clamped = false;
  if (from > 0n && (recommended < lo || recommended > hi)) {
    if (!limits.clamp) {
      throw new BoundsError(`${target}.${parameter}`, asNumber(recommended), asNumber(lo), asNumber(hi), `more than ${limits.maxRelativeChange * 100}% from the current ${asNumber(from)} in one proposal`);
    }
    to = recommended < lo ? lo : hi;
    clamped = true;
  }
  return { target, parameter, from, to, recommended, clamped };
}

const pct = (wad: bigint) => `${(Number(wad) / 1e16).toFixed(4)}%`;
const times = (wad: bigint) => `${(Number(wad) / 1e18).toFixed(4)}x`;

/** Builds the calls (one `updateProduct` per changed product, one `setPoolParams` if leverage changes). */
export function buildRiskProposal(current: CurrentState, rec: Recommendation, limits: ProposalLimits = defaultProposalLimits, title = 'Risk parameters from the Bulwark actuarial engine'): RiskProposal {
  const targets: Address[] = [];
  const calldatas: Hex[] = [];
  const changes: ParameterChange[] = [];
  for (const r of rec.products) {
    const product = current.products.find((p) => p.key === r.key);
    if (!product) continue;
    const params = { ...product.params };
    const own: ParameterChange[] = [];
    if (r.rate !== undefined) own.push(check(r.key, 'baseRateWad', params.baseRateWad, toWad(r.rate, 'up'), limits));
    if (r.cap !== undefined) own.push(check(r.key, 'capWad', params.capWad, toWad(r.cap, 'down'), limits));
    const moved = own.filter((c) => c.to !== c.from);
    if (moved.length === 0) continue;
    for (const c of moved) params[c.parameter as 'baseRateWad' | 'capWad'] = c.to;
    changes.push(...moved);
    targets.push(current.coverManager);
    calldatas.push(encodeFunctionData({ abi: coverManagerAbi, functionName: 'updateProduct', args: [BigInt(product.id), params] }));
  }
  if (rec.leverage !== undefined) {
    const c = check('pool', 'leverageWad', current.pool.leverageWad, toWad(rec.leverage, 'down'), limits);
    if (c.to !== c.from) {
      changes.push(c);
      targets.push(current.coverManager);
      calldatas.push(encodeFunctionData({ abi: coverManagerAbi, functionName: 'setPoolParams', args: [{ leverageWad: c.to, curve: current.pool.curve }] }));
    }
  }
  const lines = changes.map((c) => {
    const f = c.parameter === 'baseRateWad' ? pct : times;
    return `- ${c.target} ${c.parameter}: ${f(c.from)} -> ${f(c.to)}${c.clamped ? ` (recommended ${f(c.recommended)}, clamped to a ${limits.maxRelativeChange * 100}% change)` : ''}`;
  });
  const description = `# ${title}\n\n${lines.length ? lines.join('\n') : 'No change.'}\n`;
  return { targets, values: targets.map(() => 0n), calldatas, description, changes };
}
