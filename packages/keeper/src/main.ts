/**
 * The keeper process:
 *
 *   tsx packages/keeper/src/main.ts --config keeper.json
 *
 * Reads the config (format: src/config.ts), connects to `rpcUrl`, loads `deployments/<chainId>.json`
 * from `deploymentsDir`, and runs the payout keeper and the oracle node until SIGINT/SIGTERM, logging
 * JSON lines to stdout. Keys come from the environment, a key file or a keystore (never the config).
 * Exit codes: 0 stopped by a signal, 2 bad usage or config, 1 anything else.
 */
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

import { loadConfig } from './config.js';
import { ConfigError } from './errors.js';
import { startKeeperService } from './keeper-service.js';
import { createLogger } from './log.js';

export { startKeeperService, type KeeperService, type KeeperServiceOptions } from './keeper-service.js';

export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { config: { type: 'string', short: 'c' } } });
  if (!values.config) throw new ConfigError('usage: tsx packages/keeper/src/main.ts --config <file>');
  const config = loadConfig(values.config);
  const logger = createLogger({ level: config.logLevel, base: { service: 'bulwark-keeper' } });
  const service = await startKeeperService({ config, logger });
  const stop = (sig: string) => {
    logger.info('signal received, stopping', { signal: sig });
    void service.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(realpathSync(entry)).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof ConfigError ? `error: ${error.message}` : error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exit(error instanceof ConfigError ? 2 : 1);
  });
}
