/**
 * Structured logger: one JSON object per line (`level`, `time`, `msg`, then the fields), written to
 * stdout by default. Fields whose name looks like a secret (key, secret, privateKey, apiKey,
 * password, token, authorization...) are replaced by "[redacted]" at any depth, so a stray
 * `log.info('x', { config })` cannot leak one. Values are not inspected: a transaction hash and a
 * private key look alike, so secrets must travel in fields with secret-looking names.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line. */
  child(fields: LogFields): Logger;
}

export interface CreateLoggerOptions {
  /** Lowest level written (default `info`). */
  level?: LogLevel;
  /** Where lines go (default: stdout). Tests pass a function that collects them. */
  write?: (line: string) => void;
  /** Fields on every line. */
  base?: LogFields;
  /** Clock (tests). */
  now?: () => Date;
}

const levelRank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Names redacted wherever they appear: `key`, `apiKey`, `api_key`, `x-api-key`, `privateKey`, `secret`, `password`, `token`, `accessToken`, ... (not `tokenId`). */
const secretName = /key$|^key|secret|private|passw(or)?d|passphrase|(^|[_-])token$|access_?token|auth_?token|bearer|authori[sz]ation|cookie|mnemonic/i;
/** Names matched by `secretName` that are not secrets (hashes of public data). */
const publicNames = new Set(['riskKey', 'riskkey', 'cacheKey']);

export const REDACTED = '[redacted]';

/** Whether a field called `name` is redacted. */
export function isSecretName(name: string): boolean {
  return !publicNames.has(name) && secretName.test(name);
}

/** A deep copy of `value` with secrets replaced; bigints become strings, errors plain objects. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 8) return '[depth]';
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Error) return serializeError(value, depth);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  if (value instanceof Headers) {
    const out: Record<string, unknown> = {};
    value.forEach((v, k) => (out[k] = isSecretName(k) ? REDACTED : v));
    return out;
  }
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = isSecretName(k) ? REDACTED : redact(v, depth + 1);
    return out;
  }
  return value;
}

function serializeError(error: Error, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = { name: error.name, message: error.message };
  for (const [k, v] of Object.entries(error)) if (k !== 'cause') out[k] = isSecretName(k) ? REDACTED : redact(v, depth + 1);
  if (error.cause !== undefined) out.cause = redact(error.cause, depth + 1);
  return out;
}

export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const min = levelRank[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => void process.stdout.write(line + '\n'));
  const now = options.now ?? (() => new Date());
  const make = (base: LogFields): Logger => {
    const emit = (level: LogLevel, msg: string, fields?: LogFields) => {
      if (levelRank[level] < min) return;
      const body = redact({ ...base, ...fields }, 0) as LogFields;
      write(JSON.stringify({ level, time: now().toISOString(), msg, ...body }));
    };
    return {
      debug: (msg, fields) => emit('debug', msg, fields),
      info: (msg, fields) => emit('info', msg, fields),
      warn: (msg, fields) => emit('warn', msg, fields),
      error: (msg, fields) => emit('error', msg, fields),
      child: (fields) => make({ ...base, ...fields }),
    };
  };
  return make(options.base ?? {});
}

/** A logger that drops everything. */
export const silentLogger: Logger = createLogger({ write: () => {} });

/** A logger that keeps its lines in memory, parsed (tests). */
export function memoryLogger(level: LogLevel = 'debug'): Logger & { lines: string[]; entries: () => LogFields[] } {
  const lines: string[] = [];
  const logger = createLogger({ level, write: (line) => lines.push(line) });
  return Object.assign(logger, { lines, entries: () => lines.map((line) => JSON.parse(line) as LogFields) });
}
