import { BulwarkError } from '@bulwark/sdk';

/**
 * Errors of the keeper and oracle node. All extend the SDK's `BulwarkError`, so one check
 * (`error.retryable`) tells the retry loop whether trying again may help: network failures, HTTP
 * 5xx and 429 may; bad data, 4xx and configuration errors never do.
 */
export class KeeperError extends BulwarkError {
  override name = 'KeeperError';
}

/** The keeper's configuration file or environment is missing or malformed. */
export class ConfigError extends KeeperError {
  override name = 'ConfigError';
}

/** A key file or keystore could not be read or decrypted. */
export class KeystoreError extends KeeperError {
  override name = 'KeystoreError';
}

/** A data source could not be reached (connection refused, reset, DNS, timeout): retryable. */
export class SourceUnavailableError extends KeeperError {
  override name = 'SourceUnavailableError';
  constructor(readonly source: string, message: string, options: { cause?: unknown } = {}) {
    super(`${source}: ${message}`, { cause: options.cause, retryable: true });
  }
}

/** A data source answered with an HTTP error: 5xx and 429 are retryable, other 4xx are not. */
export class SourceHttpError extends KeeperError {
  override name = 'SourceHttpError';
  constructor(readonly source: string, readonly status: number, readonly url: string) {
    super(`${source}: HTTP ${status} from ${url}`, { retryable: status >= 500 || status === 429 });
  }
}

/** A data source answered something that is not the documented shape (missing or mistyped field). */
export class MalformedResponseError extends KeeperError {
  override name = 'MalformedResponseError';
  constructor(readonly source: string, message: string, options: { cause?: unknown } = {}) {
    super(`${source}: malformed response: ${message}`, { cause: options.cause });
  }
}

/** The source's data is older than the maximum age we accept for signing. */
export class StaleObservationError extends KeeperError {
  override name = 'StaleObservationError';
  constructor(
    readonly source: string,
    readonly observedAt: number,
    readonly now: number,
    readonly maxAgeSeconds: number,
  ) {
    super(`${source}: data from ${iso(observedAt)} is ${now - observedAt} s old (max ${maxAgeSeconds} s); refusing to sign`);
  }
}

/** The source's data contradicts itself or the world (departure before schedule, a quake in the future...). */
export class InconsistentObservationError extends KeeperError {
  override name = 'InconsistentObservationError';
  constructor(readonly source: string, readonly reason: string) {
    super(`${source}: inconsistent data: ${reason}; refusing to sign`);
  }
}

/** A report with this nonce was already signed with different contents (a bug or a changed source). */
export class ConflictingReportError extends KeeperError {
  override name = 'ConflictingReportError';
}

export function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}
