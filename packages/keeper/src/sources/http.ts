import { MalformedResponseError, SourceHttpError, SourceUnavailableError } from '../errors.js';
import type { Logger } from '../log.js';
import { withRetry, type RetryOptions } from '../retry.js';

export interface HttpSourceOptions {
  /** Per-request timeout in ms (default 10 000). */
  timeoutMs?: number;
  /** Retry policy for retryable failures (network, 5xx, 429). */
  retry?: Omit<RetryOptions, 'label' | 'logger' | 'signal'>;
  logger?: Logger;
  /** fetch implementation (default: global fetch). */
  fetch?: typeof fetch;
}

/**
 * GETs `url` and parses JSON, classing failures: no answer -> `SourceUnavailableError` (retryable),
 * an HTTP error -> `SourceHttpError` (retryable if 5xx or 429), not JSON -> `MalformedResponseError`.
 * Retries the retryable ones. Headers are never logged (they carry the API key).
 */
export async function getJson(
  source: string,
  url: string,
  headers: Record<string, string>,
  options: HttpSourceOptions & { signal?: AbortSignal },
): Promise<unknown> {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  return withRetry(
    async () => {
      const signal = options.signal ? AbortSignal.any([options.signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs);
      let response: Response;
      try {
        response = await doFetch(url, { headers: { accept: 'application/json', ...headers }, signal });
      } catch (error) {
        if (options.signal?.aborted) throw error;
        throw new SourceUnavailableError(source, `no answer from ${url}`, { cause: error });
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw new SourceHttpError(source, response.status, url);
      }
      const text = await response.text();
      try {
        return JSON.parse(text) as unknown;
      } catch (error) {
        throw new MalformedResponseError(source, `not JSON (${text.slice(0, 80)})`, { cause: error });
      }
    },
    { ...options.retry, label: `${source} GET ${url}`, logger: options.logger, signal: options.signal },
  );
}
