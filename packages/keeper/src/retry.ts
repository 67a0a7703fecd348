import { BulwarkError } from '@bulwark/sdk';

import type { Logger } from './log.js';

/**
 * Retry with exponential backoff and full jitter, only for errors classed retryable: the SDK's
 * `BulwarkError.retryable` (RPC failures), fetch network failures and timeouts, and anything
 * carrying an HTTP `status` of 5xx or 429. Every failed attempt is logged with its delay.
 */

export interface RetryOptions {
  /** Attempts in all, the first included (default 5). */
  attempts?: number;
  /** Delay before the second attempt, in ms (default 250); doubles each time. */
  baseDelayMs?: number;
  /** Upper bound of any one delay, in ms (default 10 000). */
  maxDelayMs?: number;
  /** Which errors are worth another attempt (default `isRetryable`). */
  retryable?: (error: unknown) => boolean;
  /** What the operation is, for the logs. */
  label?: string;
  logger?: Logger;
  /** Called before each retry (metrics). */
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
  /** Random source in [0, 1) for the jitter (tests). */
  random?: () => number;
  /** Sleep (tests). */
  sleep?: (ms: number) => Promise<void>;
  /** Stops waiting and attempting when aborted. */
  signal?: AbortSignal;
}

const networkCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** Whether trying `error` again may succeed. Unknown errors are not retried (a bug stays loud). */
export function isRetryable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e !== undefined && e !== null && depth < 6; depth++) {
    if (e instanceof BulwarkError) return e.retryable;
    if (typeof e !== 'object') return false;
    const { name, code, status } = e as { name?: unknown; code?: unknown; status?: unknown };
    if (typeof status === 'number') return status >= 500 || status === 429;
    if (typeof code === 'string' && networkCodes.has(code)) return true;
    if (name === 'TimeoutError') return true;
    // undici's fetch throws TypeError('fetch failed') with the socket error as `cause`.
    if (e instanceof TypeError && e.message === 'fetch failed') return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** The delay before retry number `retry` (1-based): uniform in [0, min(max, base * 2^(retry-1))]. */
export function backoffDelay(retry: number, options: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs' | 'random'> = {}): number {
  const base = options.baseDelayMs ?? 250;
  const max = options.maxDelayMs ?? 10_000;
  const ceiling = Math.min(max, base * 2 ** Math.min(retry - 1, 30));
  return Math.floor((options.random ?? Math.random)() * ceiling);
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Runs `fn` until it succeeds, fails with a non-retryable error, or runs out of attempts. */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = Math.max(1, options.attempts ?? 5);
  const retryable = options.retryable ?? isRetryable;
  const wait = options.sleep ?? ((ms: number) => sleep(ms, options.signal));
  const label = options.label ?? 'operation';
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      const again = retryable(error);
      if (!again || attempt >= attempts || options.signal?.aborted) {
        options.logger?.warn('attempt failed, giving up', { op: label, attempt, attempts, retryable: again, error: describe(error) });
        throw error;
      }
      const delayMs = backoffDelay(attempt, options);
      options.logger?.info('attempt failed, retrying', { op: label, attempt, attempts, delayMs, error: describe(error) });
      options.onRetry?.({ attempt, delayMs, error });
      await wait(delayMs);
    }
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
