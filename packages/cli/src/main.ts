import { parseArgs } from 'node:util';

import { BulwarkContractError, BulwarkError } from '@bulwark/sdk';

import { commands, type Command } from './commands.js';
import { createContext, type GlobalOptions } from './context.js';
import { UsageError } from './errors.js';
import { amount, toJson } from './format.js';

const GLOBAL_OPTIONS = {
  'rpc-url': { type: 'string' },
  'key-file': { type: 'string' },
  account: { type: 'string' },
  deployments: { type: 'string' },
  'chain-id': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function help(): string {
  const width = Math.max(...commands.map((c) => `${c.name} ${c.args}`.length));
  return [
    'bulwark: buy cover, supply capital, claim and govern on the Bulwark protocol',
    '',
    'usage: bulwark <command> [arguments] [options]',
    '',
    ...commands.map((c) => `  ${`${c.name} ${c.args}`.padEnd(width)}  ${c.summary}`),
    '',
    'options:',
    '  --rpc-url <url>      JSON-RPC endpoint (env BULWARK_RPC_URL; default http://127.0.0.1:8545)',
    '  --key-file <file>    file holding the signing key (or env BULWARK_PRIVATE_KEY); never printed',
    '  --account <0-9>      anvil development account n (local chain only)',
    '  --deployments <dir>  where <chainId>.json lives (env BULWARK_DEPLOYMENTS; default: nearest deployments/)',
    '  --chain-id <id>      expected chain: refuse to run against another (env BULWARK_CHAIN_ID)',
    '  --json               machine-readable output on stdout (progress stays on stderr)',
    '',
    'amounts are in USDC ("2500", "0.5"); periods like 30d, 12h or seconds; times unix seconds or ISO dates.',
  ].join('\n');
}

/** The first argument that is neither an option nor an option's value. */
function commandName(argv: readonly string[]): string | undefined {
  const takesValue = new Set<string>(Object.entries(GLOBAL_OPTIONS).filter(([, o]) => o.type === 'string').map(([n]) => n));
  for (const c of commands) for (const [n, t] of Object.entries(c.options ?? {})) if (t === 'string') takesValue.add(n);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith('-')) return arg;
    if (arg.startsWith('--') && !arg.includes('=') && takesValue.has(arg.slice(2))) i++;
  }
  return undefined;
}

/** Runs the CLI; returns the exit code (0 ok, 1 failed, 2 bad usage). */
export async function main(argv: readonly string[]): Promise<number> {
  const name = commandName(argv);
  const command: Command | undefined = commands.find((c) => c.name === name);
  let json = argv.includes('--json');
  let format = (value: bigint) => value.toString();
  try {
    if (!name || argv.includes('--help') || argv.includes('-h')) {
      if (!name && !argv.includes('--help') && !argv.includes('-h')) throw new UsageError(`missing command\n\n${help()}`);
      process.stdout.write(`${help()}\n`);
      return 0;
    }
    if (!command) throw new UsageError(`unknown command "${name}"; run \`bulwark --help\``);
    const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = { ...GLOBAL_OPTIONS };
    for (const [option, type] of Object.entries(command.options ?? {})) options[option] = { type };
    let parsed;
    try {
      parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message.replace(/^.*?: /, '') : String(error));
    }
    const values = parsed.values as Record<string, string | boolean | undefined>;
    const positionals = parsed.positionals.slice(parsed.positionals.indexOf(command.name) + 1);
    const global: GlobalOptions = {
      rpcUrl: values['rpc-url'] as string | undefined,
      keyFile: values['key-file'] as string | undefined,
      account: values.account as string | undefined,
      deployments: values.deployments as string | undefined,
      chainId: values['chain-id'] as string | undefined,
      json: values.json === true,
    };
    json = global.json;
    const ctx = await createContext(global);
    format = (value) => amount(value, ctx.decimals, ctx.symbol);
    const result = await command.run(ctx, positionals, values);
    process.stdout.write(`${json ? toJson(result.json) : result.text}\n`);
    return 0;
  } catch (error) {
    const usage = error instanceof UsageError;
    const message =
      error instanceof BulwarkContractError ? error.describe(format)
      : error instanceof BulwarkError || usage ? error.message
      : error instanceof Error ? `unexpected: ${error.message}`
      : String(error);
    const kind = error instanceof Error ? error.name : 'Error';
    if (json) process.stdout.write(`${toJson({ error: { name: kind, message, ...(error instanceof BulwarkContractError ? { errorName: error.errorName, args: error.args } : {}) } })}\n`);
    process.stderr.write(`error: ${message}\n`);
    return usage ? 2 : 1;
  }
}
