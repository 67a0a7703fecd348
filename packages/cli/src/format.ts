import { formatUnits, parseUnits } from 'viem';

import { UsageError } from './errors.js';

/** Renders rows as an aligned text table with a header line. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** `1234567.5` with thousands separators, trailing zeros trimmed. */
export function amount(value: bigint, decimals: number, symbol?: string): string {
  const [whole = '0', fraction] = formatUnits(value, decimals).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const text = fraction ? `${grouped}.${fraction}` : grouped;
  return symbol ? `${text} ${symbol}` : text;
}

/** A WAD ratio as a percentage with two decimals. */
export function percent(wad: bigint): string {
  return `${(Number(wad / 10n ** 12n) / 10_000).toFixed(2)}%`;
}

export function date(seconds: number | bigint): string {
  if (BigInt(seconds) === 0n) return '-';
  return new Date(Number(seconds) * 1000).toISOString().replace('.000Z', 'Z').replace('T', ' ');
}

export function duration(seconds: number | bigint): string {
  const s = Number(seconds);
  if (s % 86_400 === 0) return `${s / 86_400} d`;
  if (s % 3600 === 0) return `${s / 3600} h`;
  return `${s} s`;
}

/** Parses a decimal amount ("1000", "2.5") into base units; rejects anything else. */
export function parseAmount(text: string | undefined, decimals: number, what: string): bigint {
  if (text === undefined) throw new UsageError(`missing ${what}`);
  const clean = text.replace(/_/g, '');
  if (!/^\d+(\.\d+)?$/.test(clean)) throw new UsageError(`${what} must be a positive decimal number, got "${text}"`);
  const [, fraction = ''] = clean.split('.');
  if (fraction.length > decimals) throw new UsageError(`${what} has more than ${decimals} decimals: "${text}"`);
  const value = parseUnits(clean, decimals);
  if (value === 0n) throw new UsageError(`${what} must be greater than zero`);
  return value;
}

/** A period: "30d", "12h", "90m", or seconds. */
export function parsePeriod(text: string | undefined, what = 'period'): bigint {
  if (text === undefined) throw new UsageError(`missing ${what}`);
  const match = /^(\d+)([dhms]?)$/.exec(text);
  if (!match) throw new UsageError(`${what} must look like 30d, 12h, 90m or a number of seconds, got "${text}"`);
  const unit = { d: 86_400n, h: 3600n, m: 60n, s: 1n, '': 1n }[match[2] as 'd' | 'h' | 'm' | 's' | ''];
  const value = BigInt(match[1] as string) * unit;
  if (value === 0n) throw new UsageError(`${what} must be greater than zero`);
  return value;
}

/** A positive integer id. */
export function parseId(text: string | undefined, what: string): bigint {
  if (text === undefined) throw new UsageError(`missing ${what}`);
  if (!/^\d+$/.test(text) || BigInt(text) === 0n) throw new UsageError(`${what} must be a positive integer, got "${text}"`);
  return BigInt(text);
}

/** A time: unix seconds, or an ISO date ("2026-11-20T10:00:00Z"). */
export function parseTime(text: string | undefined, what: string): bigint {
  if (text === undefined) throw new UsageError(`missing ${what}`);
  if (/^\d+$/.test(text)) return BigInt(text);
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new UsageError(`${what} must be unix seconds or an ISO date, got "${text}"`);
  return BigInt(Math.floor(ms / 1000));
}

/** JSON with bigints as decimal strings. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2);
}
