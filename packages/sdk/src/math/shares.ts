/**
 * CoverPool share math: OpenZeppelin ERC4626 with `_decimalsOffset() == 6`, so the conversions carry
 * 10^6 virtual shares and 1 virtual asset:
 *   shares = assets * (totalSupply + 10^6) / (totalAssets + 1)
 *   assets = shares * (totalAssets + 1) / (totalSupply + 10^6)
 * (OpenZeppelin's full-precision `Math.mulDiv`; its `Ceil` equals MathLib's `mulDivUp`.)
 */
import { min, mulDiv, type Rounding } from './mathLib.js';
import type { VaultState, WithdrawalRequest } from './types.js';

/** `CoverPool.DECIMALS_OFFSET`: shares have 6 more decimals than the asset. */
export const DECIMALS_OFFSET = 6;
/** Virtual shares in every conversion, 10^DECIMALS_OFFSET. */
export const VIRTUAL_SHARES = 10n ** BigInt(DECIMALS_OFFSET);
/** Virtual assets in every conversion. */
export const VIRTUAL_ASSETS = 1n;

/** ERC4626 `_convertToShares`: `assets` of the pool as shares, rounded `rounding`. */
export function toShares(assets: bigint, totalAssets: bigint, totalSupply: bigint, rounding: Rounding): bigint {
  return mulDiv(assets, totalSupply + VIRTUAL_SHARES, totalAssets + VIRTUAL_ASSETS, rounding);
}

/** ERC4626 `_convertToAssets`: `shares` of the pool as assets, rounded `rounding`. */
export function toAssets(shares: bigint, totalAssets: bigint, totalSupply: bigint, rounding: Rounding): bigint {
  return mulDiv(shares, totalAssets + VIRTUAL_ASSETS, totalSupply + VIRTUAL_SHARES, rounding);
}

/** `CoverPool.convertToShares`: rounded down. */
export function convertToShares(assets: bigint, vault: VaultState): bigint {
  return toShares(assets, vault.totalAssets, vault.totalSupply, 'down');
}

/** `CoverPool.convertToAssets`: rounded down. */
export function convertToAssets(shares: bigint, vault: VaultState): bigint {
  return toAssets(shares, vault.totalAssets, vault.totalSupply, 'down');
}

/** `CoverPool.previewDeposit`: shares minted for `assets`, rounded down. */
export function previewDeposit(assets: bigint, vault: VaultState): bigint {
  return toShares(assets, vault.totalAssets, vault.totalSupply, 'down');
}

/** `CoverPool.previewMint`: assets `mint(shares)` takes, rounded up. */
export function previewMint(shares: bigint, vault: VaultState): bigint {
  return toAssets(shares, vault.totalAssets, vault.totalSupply, 'up');
}

/** `CoverPool.previewWithdraw`: shares burnt to withdraw `assets`, rounded up. */
export function previewWithdraw(assets: bigint, vault: VaultState): bigint {
  return toShares(assets, vault.totalAssets, vault.totalSupply, 'up');
}

/** `CoverPool.previewRedeem`: assets paid for `shares`, rounded down. */
export function previewRedeem(shares: bigint, vault: VaultState): bigint {
  return toAssets(shares, vault.totalAssets, vault.totalSupply, 'down');
}

export interface ExitLimits {
  /** `CoverPool.maxWithdraw(owner)`. */
  maxWithdraw: bigint;
  /** `CoverPool.maxRedeem(owner)`. */
  maxRedeem: bigint;
}

/**
 * `CoverPool.maxWithdraw` / `maxRedeem` of an owner with withdrawal request `request` and share
 * balance `balance` at `timestamp`: zero unless the request is inside its execution window, else
 * the requested shares still held, limited by `freeCapital` (see earning.ts `freeCapital`).
 */
export function exitLimits(
  request: WithdrawalRequest,
  balance: bigint,
  vault: VaultState,
  freeCapital: bigint,
  timestamp: bigint,
): ExitLimits {
  const executable = request.shares !== 0n && timestamp >= request.unlocksAt && timestamp <= request.expiresAt;
  if (!executable) return { maxWithdraw: 0n, maxRedeem: 0n };
  const locked = min(request.shares, balance);
  return {
    maxWithdraw: min(toAssets(locked, vault.totalAssets, vault.totalSupply, 'down'), freeCapital),
    maxRedeem: min(locked, toShares(freeCapital, vault.totalAssets, vault.totalSupply, 'down')),
  };
}
