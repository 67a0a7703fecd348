/** `bulwark-risk`: fit, price, capital, backtest, propose. Human tables by default, `--json` for scripts. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

import { coverManagerAbi, createBulwarkClient, propose } from '@bulwark/sdk';
import { loadDeployment } from '@bulwark/sdk/node';
import { createPublicClient, createWalletClient, defineChain, getAddress, http, isHex, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';

import { runBacktest, runBacktestBooks, type BacktestYear } from './backtest.js';
import { productBook } from './book.js';
import { viewBefore } from './data.js';
import { assessBook, fitCategories, type BookAssessment } from './engine.js';
import { RiskError } from './errors.js';
import { defaultFitOptions, fitCatastrophe, fitFlight, type FitOptions } from './models.js';
import { loadFlights, loadHazards, loadProtocolFactors, loadRawData } from './node.js';
import { buildRiskProposal, defaultProposalLimits, type CurrentState, type OnChainProductParams, type Recommendation } from './proposal.js';
import { backtestSvg, lossDistributionSvg } from './svg.js';

/** Bad command-line input: exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

const USAGE = `bulwark-risk <command> [options]

commands:
  fit        fit frequency and severity per category from the data (--as-of YEAR: data before YEAR only)
  price      rate of each demo product with its components (expected loss, expenses, capital charge)
  capital    Monte Carlo of one pool-year: VaR 99.5%, expected shortfall, capacity and leverage limits
  backtest   replay 2019-2024: priced with data before each year, paying what happened (--from --to;
             --concentrated N: cover N units per line instead of a slice of the market, --book-seed S;
             --books M: M random concentrated books, insolvency frequency per year;
             --leverage L (book = L x capital, default 3); --remaining-tvl USD (exposure assumption))
  propose    recommended rates and limits as governance proposal calls (--current FILE or --rpc-url URL;
             --max-change 0.5, --clamp; --submit with --key-file FILE or BULWARK_PRIVATE_KEY)

options: --json  --plot FILE.svg  --years N (simulated years, default 200000)  --seed N (default 1)
         --capital USD (pool capital, default 1000000)  --incidents FILE  --exposure FILE
         --remaining-tvl USD (exposure assumption: covered value of a hacked protocol = loss + this, default 20000000)`;

type Flags = Record<string, string | true>;
const BOOLEAN = new Set(['json', 'clamp', 'submit', 'help']);

function parseArgs(argv: readonly string[]): { command: string | undefined; flags: Flags } {
  const flags: Flags = {};
  let command: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--')) {
      const name = a.slice(2);
      if (BOOLEAN.has(name)) flags[name] = true;
      else {
        const v = argv[++i];
        if (v === undefined || v.startsWith('--')) throw new UsageError(`--${name} needs a value`);
        flags[name] = v;
      }
    } else if (command === undefined) command = a;
    else throw new UsageError(`unexpected argument "${a}"`);
  }
  return { command, flags };
}

function num(flags: Flags, name: string, fallback: number, opts: { integer?: boolean; min?: number; max?: number } = {}): number {
  const v = flags[name];
  if (v === undefined) return fallback;
  const n = Number(v);
  if (v === true || !Number.isFinite(n) || (opts.integer && !Number.isInteger(n))) throw new UsageError(`--${name} must be ${opts.integer ? 'an integer' : 'a number'}, got "${String(v)}"`);
  if (opts.min !== undefined && n < opts.min) throw new UsageError(`--${name} must be >= ${opts.min}, got ${n}`);
  if (opts.max !== undefined && n > opts.max) throw new UsageError(`--${name} must be <= ${opts.max}, got ${n}`);
  return n;
}
const str = (flags: Flags, name: string): string | undefined => (typeof flags[name] === 'string' ? (flags[name] as string) : undefined);

const usd = (v: number) => `$${Math.round(v).toLocaleString('en-US')}`;
const pct = (v: number, d = 2) => `${(v * 100).toFixed(d)}%`;

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const jsonReplacer = (_k: string, v: unknown) => (typeof v === 'bigint' ? v.toString() : v instanceof Float64Array || v instanceof Float32Array ? undefined : v);

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

function progress(io: Io, json: boolean) {
  let last = -1;
  return (done: number, total: number) => {
    const p = Math.floor((100 * done) / total);
    if (p !== last) io.err(`${json ? '' : ''}simulating ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} pool-years (${p}%)`);
    last = p;
  };
}

/** Fit options from the flags: `--remaining-tvl` is the exposure assumption (USD) of every command. */
function fitOptions(flags: Flags): FitOptions {
  return { ...defaultFitOptions, remainingTvlUsd: num(flags, 'remaining-tvl', defaultFitOptions.remainingTvlUsd, { min: 1 }) };
}

function demoAssessment(flags: Flags, io: Io): { assessed: BookAssessment; capital: number } {
  const raw = loadRawData({ incidents: str(flags, 'incidents'), exposure: str(flags, 'exposure') });
  const models = fitCategories(viewBefore(raw), fitOptions(flags));
  const capital = num(flags, 'capital', 1_000_000, { min: 1 });
  const lines = productBook({ models, flights: loadFlights('20k'), hazards: loadHazards(), protocols: loadProtocolFactors(), capital });
  const years = num(flags, 'years', 200_000, { integer: true, min: 1000, max: 50_000_000 });
  const assessed = assessBook(lines, { capital, years, seed: num(flags, 'seed', 1, { integer: true }), onProgress: progress(io, flags.json === true), progressEvery: Math.max(1000, Math.floor(years / 10)) });
  return { assessed, capital };
}

function plotPath(flags: Flags): string | undefined {
  const file = str(flags, 'plot');
  if (file !== undefined && !file.endsWith('.svg')) throw new UsageError(`--plot must name an .svg file, got "${file}"`);
  return file;
}

function writePlot(flags: Flags, svg: () => string, io: Io): void {
  const file = plotPath(flags);
  if (!file) return;
  writeFileSync(file, svg());
  io.err(`plot written to ${file}`);
}

function cmdFit(flags: Flags, io: Io): void {
  const asOf = flags['as-of'] === undefined ? undefined : num(flags, 'as-of', 0, { integer: true, min: 2000, max: 2100 });
  const raw = loadRawData({ incidents: str(flags, 'incidents'), exposure: str(flags, 'exposure') });
  const models = fitCategories(viewBefore(raw, asOf), fitOptions(flags));
  // Parametric lines: flight delay by route and departure hour (vega-datasets), catastrophe by region.
  const flights = loadFlights('20k');
  const routeCounts = new Map<string, number>();
  for (const r of flights) routeCounts.set(`${r.origin}-${r.destination}`, (routeCounts.get(`${r.origin}-${r.destination}`) ?? 0) + 1);
  const topRoutes = [...routeCounts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([r]) => r);
  const flightModels = [fitFlight(flights, '*'), ...topRoutes.map((r) => fitFlight(flights, r)), ...[6, 9, 12, 15, 18, 21].map((h) => fitFlight(flights, '*', h))];
  const quakes = loadHazards().map((h) => fitCatastrophe(h));
  if (flags.json) return io.out(JSON.stringify({ ...models, flightDelay: flightModels, naturalCatastrophe: quakes }, jsonReplacer, 2));
  io.out(`Fitted on ${asOf === undefined ? 'all data' : `data dated before ${asOf}-01-01`}\n`);
  io.out(
    table(
      ['category', 'unit', 'freq/unit-yr', '90% CI', 'credibility', 'E[share]', '90% CI', 'E[loss]/yr', 'sev mu', 'sev sigma', 'Hill alpha'],
      Object.values(models).map((m) => [
        m.category, m.unit, m.frequency.mean.toFixed(4), `${m.frequency.ci90[0].toFixed(4)}-${m.frequency.ci90[1].toFixed(4)}`, m.frequency.credibility.toFixed(2),
        pct(m.expectedShare, 1), `${pct(m.expectedShareCi90[0], 1)}-${pct(m.expectedShareCi90[1], 1)}`, pct(m.expectedLossRate, 3),
        m.severityFit?.mu.toFixed(2) ?? '', m.severityFit?.sigma.toFixed(2) ?? '', m.severityFit?.hillAlpha?.toFixed(2) ?? '-',
      ]),
    ),
  );
  io.out(`\n${Object.values(models).map((m) => `${m.category}: ${m.notes.join('; ')}`).join('\n')}`);
  io.out(`\nFlight delay (vega-datasets flights-20k, US 2001; pays 25% from 45 min, 50% from 2 h, 100% cancelled at an assumed 1.5%):\n`);
  io.out(
    table(
      ['route', 'hour', 'flights', 'credibility', 'P(claim)', '90% CI', 'E[payout]/flight', 'delay p50', 'p90', 'p99'],
      flightModels.map((m) => [m.route, m.hour === undefined ? 'all' : `${m.hour}h`, String(m.flights), m.credibility.toFixed(2), pct(m.claimProbability, 1), `${pct(m.claimProbabilityCi90[0], 1)}-${pct(m.claimProbabilityCi90[1], 1)}`, pct(m.expectedLossPerFlight, 2), `${m.delayQuantiles.p50} min`, `${m.delayQuantiles.p90}`, `${m.delayQuantiles.p99}`]),
    ),
  );
  io.out(`\nNatural catastrophe (data/hazards.csv, illustrative; tiers M6.5 50%, M7.0 75%, M7.5 100%):\n`);
  io.out(table(['region', 'events/yr', 'E[share]', 'E[loss]/yr'], quakes.map((q) => [q.region, q.annualRate.toFixed(4), pct(q.expectedLossRate / q.annualRate, 1), pct(q.expectedLossRate, 3)])));
}

function cmdPrice(flags: Flags, io: Io): void {
  const { assessed } = demoAssessment(flags, io);
  writePlot(flags, () => lossDistributionSvg(assessed.simulation.totals, [{ label: 'VaR 99.5%', value: assessed.capital.var }, { label: 'ES', value: assessed.capital.es }], 'Annual loss of the demo pool'), io);
  if (flags.json) return io.out(JSON.stringify({ prices: assessed.prices, lines: assessed.lines }, jsonReplacer, 2));
  io.out(
    table(
      ['product', 'category', 'cover', 'rate/yr', '= E[loss]', '+ expenses', '+ capital', 'rate 90% CI'],
      assessed.prices.map((p, j) => {
        const l = assessed.lines[j]!;
        return [p.key, l.category, usd(l.cover), pct(p.rate, 3), pct(p.components.expectedLoss, 3), pct(p.components.expenseLoading, 3), pct(p.components.capitalCharge, 3), p.rateCi90 ? `${pct(p.rateCi90[0], 3)}-${pct(p.rateCi90[1], 3)}` : ''];
      }),
    ),
  );
  io.out(`\nrate = E[loss] / (1 - ${assessed.prices[0]?.expenseRatio}) + ${assessed.prices[0]?.costOfCapital} x allocated capital / cover; flight-delay's is per year of continuous 2-day covers (per-flight premium = rate x 2/365)`);
}

function cmdCapital(flags: Flags, io: Io): void {
  const { assessed, capital } = demoAssessment(flags, io);
  const c = assessed.capital;
  writePlot(flags, () => lossDistributionSvg(assessed.simulation.totals, [{ label: 'VaR 99.5%', value: c.var }, { label: 'ES', value: c.es }], `Annual loss, ${c.years.toLocaleString('en-US')} simulated pool-years`), io);
  if (flags.json) return io.out(JSON.stringify({ capital: c, limits: assessed.limits }, jsonReplacer, 2));
  io.out(`${c.years.toLocaleString('en-US')} simulated pool-years (seed ${c.seed}), total cover ${usd(c.totalCover)}, capital ${usd(capital)}`);
  io.out(`expected loss ${usd(c.expectedLoss)}; VaR 99.5% ${usd(c.var)} (+-${usd(c.varStdError)}); ES 99.5% ${usd(c.es)}; required capital (VaR - EL) ${usd(c.requiredCapital)}`);
  io.out(`quantiles: 50% ${usd(c.quantiles.p50)}, 90% ${usd(c.quantiles.p90)}, 99% ${usd(c.quantiles.p99)}, 99.9% ${usd(c.quantiles.p999)}\n`);
  io.out(table(['product', 'cover', 'E[loss]', 'tail loss', 'capital', 'cap (x capital)'], c.products.map((p) => [p.key, usd(p.cover), usd(p.expectedLoss), usd(p.tailLoss), usd(p.capital), (assessed.limits.productCaps[p.key] ?? 0).toFixed(3)])));
  io.out(`\nlimits: max leverage ${assessed.limits.maxLeverage.toFixed(3)}x (capacity ${usd(assessed.limits.capacity)}), capital / required ${assessed.limits.coverRatio.toFixed(2)} (${assessed.limits.solvent ? 'enough' : 'NOT enough'})`);
}

export function formatBacktest(years: readonly BacktestYear[]): string {
  return table(
    ['year', 'capital', 'cover', 'premiums', 'claims', 'loss ratio', 'LP return', 'required cap.', 'model max lev.', 'insolvent'],
    years.map((y) => [String(y.year), usd(y.capital), usd(y.cover), usd(y.premiums), usd(y.claims), pct(y.lossRatio, 1), pct(y.lpReturn, 1), usd(y.requiredCapital), `${y.modelMaxLeverage.toFixed(2)}x`, y.insolvent ? 'YES' : 'no']),
  );
}

function cmdBacktest(flags: Flags, io: Io): void {
  const from = num(flags, 'from', 2019, { integer: true, min: 2018, max: 2024 });
  const to = num(flags, 'to', 2024, { integer: true, min: from, max: 2024 });
  const raw = loadRawData({ incidents: str(flags, 'incidents'), exposure: str(flags, 'exposure') });
  const concentrated = flags.concentrated === undefined ? undefined : num(flags, 'concentrated', 0, { integer: true, min: 1, max: 100_000 });
  const books = flags.books === undefined ? undefined : num(flags, 'books', 0, { integer: true, min: 1, max: 10_000 });
  if (books !== undefined && concentrated === undefined) throw new UsageError('--books needs --concentrated N (a slice of the whole market has one outcome)');
  const options = {
    startYear: from,
    endYear: to,
    simYears: num(flags, 'years', 100_000, { integer: true, min: 1000, max: 10_000_000 }),
    seed: num(flags, 'seed', 7, { integer: true }),
    initialCapital: num(flags, 'capital', 10_000_000, { min: 1 }),
    coveredUnits: concentrated === undefined ? undefined : { 'smart-contract-exploit': concentrated, 'oracle-manipulation': concentrated, bridge: concentrated, 'custodial-exchange-hack': concentrated },
    bookSeed: num(flags, 'book-seed', 1, { integer: true, min: 0 }),
    leverage: num(flags, 'leverage', 3, { min: 0.01, max: 10 }),
    fit: fitOptions(flags),
    onProgress: (t: string) => io.err(t),
  };
  if (books !== undefined) {
    const summary = runBacktestBooks(raw, books, options);
    if (flags.json) return io.out(JSON.stringify(summary, jsonReplacer, 2));
    io.out(`${books} random books of ${concentrated} covered units per line (book seeds 1-${books}):\n`);
    io.out(table(['year', 'insolvent books', 'loss ratio p5', 'p50', 'p95'], summary.years.map((y) => [String(y.year), pct(y.insolventShare, 1), pct(y.lossRatioP05, 1), pct(y.lossRatioP50, 1), pct(y.lossRatioP95, 1)])));
    io.out(`\nbooks insolvent in at least one year: ${pct(summary.anyInsolventShare, 1)}`);
    return;
  }
  const years = runBacktest(raw, options);
  writePlot(flags, () => backtestSvg(years, `Backtest ${from}-${to}: priced on data before each year`), io);
  if (flags.json) return io.out(JSON.stringify(years, jsonReplacer, 2));
  io.out(formatBacktest(years));
  io.out('');
  io.out(table(['year', ...years[0]!.lines.map((l) => l.line)], years.map((y) => [String(y.year), ...y.lines.map((l) => `${pct(l.rate, 2)} / ${l.events} / ${usd(l.claims)}`)])));
  io.out('(per line: rate charged / events in the year / claims paid)');
  const failed = years.filter((y) => y.insolvent).map((y) => y.year);
  io.out(`\ninsolvent years: ${failed.length ? failed.join(', ') : 'none'}`);
}

function findDeployments(): string {
  let dir = process.cwd();
  for (;;) {
    if (existsSync(join(dir, 'deployments'))) return join(dir, 'deployments');
    const parent = dirname(dir);
    if (parent === dir) return join(process.cwd(), 'deployments');
    dir = parent;
  }
}

async function cmdPropose(flags: Flags, io: Io): Promise<void> {
  const currentFile = str(flags, 'current');
  const rpcUrl = str(flags, 'rpc-url') ?? process.env.BULWARK_RPC_URL;
  if (!currentFile && !rpcUrl) throw new UsageError('propose needs the current parameters: --current FILE (JSON) or --rpc-url URL');
  const maxChange = num(flags, 'max-change', defaultProposalLimits.maxRelativeChange, { min: 0, max: 10 });
  let current: CurrentState;
  let client: ReturnType<typeof createBulwarkClient> | undefined;
  if (currentFile) {
    if (!existsSync(currentFile)) throw new UsageError(`--current: no file ${currentFile}`);
    current = parseCurrent(JSON.parse(readFileSync(currentFile, 'utf8')));
  } else {
    const probe = createPublicClient({ transport: http(rpcUrl) });
    const chainId = await probe.getChainId();
    const chain = defineChain({ id: chainId, name: `Chain ${chainId}`, nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 }, rpcUrls: { default: { http: [rpcUrl!] } } });
    const transport = http(rpcUrl);
    const pub = createPublicClient({ chain, transport });
    const deployment = loadDeployment(chainId, resolve(str(flags, 'deployments') ?? process.env.BULWARK_DEPLOYMENTS ?? findDeployments()));
    const cm = { address: deployment.contracts.CoverManager, abi: coverManagerAbi } as const;
    const pool = await pub.readContract({ ...cm, functionName: 'poolParams' });
    const products = await Promise.all(deployment.products.map(async (p) => ({ id: p.id, key: p.key, params: (await pub.readContract({ ...cm, functionName: 'product', args: [BigInt(p.id)] })) as OnChainProductParams })));
    current = { coverManager: deployment.contracts.CoverManager, pool, products };
    if (flags.submit) {
      const keyFile = str(flags, 'key-file');
      const key = (keyFile ? readFileSync(keyFile, 'utf8') : process.env.BULWARK_PRIVATE_KEY ?? '').trim();
      const hex = (key.startsWith('0x') ? key : `0x${key}`) as Hex;
      if (!isHex(hex) || hex.length !== 66) throw new UsageError('--submit needs a 32-byte hex key: --key-file FILE or BULWARK_PRIVATE_KEY');
      client = createBulwarkClient({ public: pub, wallet: createWalletClient({ transport, account: privateKeyToAccount(hex), chain }), deployment });
    }
  }
  if (flags.submit && !client) throw new UsageError('--submit needs --rpc-url (and --key-file or BULWARK_PRIVATE_KEY)');
  const { assessed } = demoAssessment(flags, io);
  const rec: Recommendation = {
    products: assessed.prices.map((p) => ({ key: p.key, rate: p.rate, cap: assessed.limits.productCaps[p.key] })),
    leverage: assessed.limits.maxLeverage,
  };
  const proposal = buildRiskProposal(current, rec, { maxRelativeChange: maxChange, clamp: flags.clamp === true });
  if (flags.json) io.out(JSON.stringify(proposal, jsonReplacer, 2));
  else {
    io.out(proposal.description);
    proposal.targets.forEach((t, i) => io.out(`call ${i + 1}: target ${t} value ${proposal.values[i]}\n  calldata ${proposal.calldatas[i]}`));
  }
  if (client && proposal.targets.length) {
    const r = await propose(client, proposal);
    io.err(`proposed: id ${r.proposalId}, tx ${r.hash}, voting ${r.voteStart}-${r.voteEnd}`);
  }
}

function parseCurrent(v: unknown): CurrentState {
  const o = v as { coverManager?: string; pool?: { leverageWad?: string; curve?: Record<string, string> }; products?: { id: number; key: string; params: Record<string, string | number> }[] };
  try {
    const b = (x: unknown) => BigInt(String(x));
    return {
      coverManager: getAddress(String(o.coverManager)),
      pool: { leverageWad: b(o.pool?.leverageWad), curve: { kinkWad: b(o.pool?.curve?.kinkWad), slope1Wad: b(o.pool?.curve?.slope1Wad), slope2Wad: b(o.pool?.curve?.slope2Wad) } },
      products: (o.products ?? []).map((p) => ({
        id: Number(p.id),
        key: String(p.key),
        params: {
          claimRoute: getAddress(String(p.params.claimRoute)), baseRateWad: b(p.params.baseRateWad), capWad: b(p.params.capWad), maxCoverAmount: b(p.params.maxCoverAmount),
          minPeriod: Number(p.params.minPeriod), maxPeriod: Number(p.params.maxPeriod), waitingPeriod: Number(p.params.waitingPeriod), claimGracePeriod: Number(p.params.claimGracePeriod),
          payoutRule: Number(p.params.payoutRule), termsURI: String(p.params.termsURI),
        },
      })),
    };
  } catch (cause) {
    throw new UsageError(`--current: not a valid parameters file (${cause instanceof Error ? cause.message : String(cause)})`);
  }
}

/** Runs the CLI; returns the exit code (0 ok, 1 failure, 2 usage). */
export async function main(argv: readonly string[], io: Io = { out: (s) => process.stdout.write(`${s}\n`), err: (s) => process.stderr.write(`${s}\n`) }): Promise<number> {
  try {
    const { command, flags } = parseArgs(argv);
    plotPath(flags);
    if (flags.help || command === 'help') {
      io.out(USAGE);
      return 0;
    }
    switch (command) {
      case 'fit':
        cmdFit(flags, io);
        return 0;
      case 'price':
        cmdPrice(flags, io);
        return 0;
      case 'capital':
        cmdCapital(flags, io);
        return 0;
      case 'backtest':
        cmdBacktest(flags, io);
        return 0;
      case 'propose':
        await cmdPropose(flags, io);
        return 0;
      case undefined:
        throw new UsageError('no command');
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`error: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    io.err(`error: ${error instanceof RiskError || error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
