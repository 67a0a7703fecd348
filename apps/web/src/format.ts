import { formatUnits, parseUnits } from 'viem';

import type { Locale } from './i18n/index.js';

const WAD = 10n ** 18n;

/** Amount in base units as a localized number with up to `digits` decimals (exact for USDC-size values). */
export function formatAmount(locale: Locale, value: bigint, decimals: number, digits = 2): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(Number(formatUnits(value, decimals)));
}

/** Compact form for chart axes and tiles: 1.2M / 120萬. */
export function formatCompact(locale: Locale, value: number): string {
  return new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(value);
}

/** A WAD ratio (0.5e18) as a localized percentage. */
export function formatPercentWad(locale: Locale, wad: bigint, digits = 2): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: digits }).format(Number((wad * 1_000_000n) / WAD) / 1_000_000);
}

export function formatPercent(locale: Locale, ratio: number, digits = 2): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: digits }).format(ratio);
}

/** Unix seconds as a localized date and time. */
export function formatDate(locale: Locale, seconds: number | bigint): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(Number(seconds) * 1000));
}

export function formatDay(locale: Locale, seconds: number | bigint): string {
  return new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric' }).format(new Date(Number(seconds) * 1000));
}

/** A duration in seconds as days/hours in the locale's words (Intl.RelativeTimeFormat's units). */
export function formatDuration(locale: Locale, seconds: number): string {
  const unit = (n: number, u: 'day' | 'hour' | 'minute') => new Intl.NumberFormat(locale, { style: 'unit', unit: u, unitDisplay: 'long' }).format(n);
  if (seconds >= 86_400) return unit(Math.round((seconds / 86_400) * 10) / 10, 'day');
  if (seconds >= 3600) return unit(Math.round((seconds / 3600) * 10) / 10, 'hour');
  return unit(Math.max(0, Math.round(seconds / 60)), 'minute');
}

/**
 * Parses what a user typed as an amount of a `decimals`-token: digits with one optional '.', group
 * separators (',' and spaces) ignored. Undefined when malformed or with too many decimals.
 */
export function parseAmount(text: string, decimals: number): bigint | undefined {
  const clean = text.replace(/[,\s_]/g, '');
  if (!/^\d+(\.\d*)?$|^\.\d+$/.test(clean)) return undefined;
  const fraction = clean.split('.')[1] ?? '';
  if (fraction.length > decimals) return undefined;
  return parseUnits(clean, decimals);
}

export function shortAddress(address: string): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}
