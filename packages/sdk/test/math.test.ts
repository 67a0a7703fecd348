/**
 * The SDK's bigint math (packages/sdk/src/math) against the deployed contracts: hand-computed unit
 * cases, then randomized quotes, extensions, cancellations, share conversions and capacity errors on
 * a real anvil chain, every one required to equal the contract's answer exactly.
 *
 * Run from the repository root: `node --import tsx --test packages/sdk/test/math.test.ts`. Needs
 * compiled contracts (contracts/out). The seed is fixed (MATH_TEST_SEED overrides it) and printed
 * in every failure message.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { maxUint256, parseUnits, type Address } from 'viem';

import { loadArtifact } from '../../../scripts/lib/artifacts.js';
import { anvilAddress, anvilKey, deploy, localClients, send, withKey, type Clients } from '../../../scripts/lib/chain.js';
import { demoConfig, deployBulwark, wad } from '../../../scripts/lib/deploy.js';
import { startAnvil, type Anvil } from '../../../scripts/lib/foundry.js';
import { coverManagerAbi, coverPoolAbi, mockUsdcAbi } from '../src/abis/index.js';
import { BulwarkContractError, toBulwarkError } from '../src/errors.js';
import {
  BUCKET,
  EARN_SCALE,
  MathCapacityError,
  MathRevertError,
  ProductStatus,
  WAD,
  YEAR,
  availableCover,
  cancelAmounts,
  capital,
  convertToAssets,
  convertToShares,
  coverEarned,
  coverUnearned,
  divUp,
  earnStream,
  exitLimits,
  extensionPremium,
  freeCapital,
  isCounted,
  lift,
  liftIntegral,
  mulDiv,
  poolLiabilities,
  previewDeposit,
  previewMint,
  previewRedeem,
  previewWithdraw,
  purchasePremium,
  quoteExtension,
  quotePurchase,
  readCover,
  readPricingState,
  requiredCapital,
  toAssets,
  toShares,
  wMul,
  zeroFloorSub,
  type CoverRecord,
  type PoolState,
  type PricingSnapshot,
  type ProductTerms,
  type UtilizationCurve,
  type VaultState,
} from '../src/math/index.js';

const SEED = Number(process.env.MATH_TEST_SEED ?? 0x5eed_b01);
const PORT = 8671;
const DAY = 86_400n;
const usdc = (value: string): bigint => parseUnits(value, 6);

// ==================================================================== hand-computed unit cases

const demoCurve: UtilizationCurve = { kinkWad: wad('0.8'), slope1Wad: wad('0.5'), slope2Wad: wad('5') };

test('mulDiv, wMul, divUp and zeroFloorSub round as MathLib does', () => {
  assert.equal(mulDiv(7n, 3n, 2n, 'down'), 10n, '21/2 down');
  assert.equal(mulDiv(7n, 3n, 2n, 'up'), 11n, '21/2 up');
  assert.equal(mulDiv(4n, 3n, 2n, 'up'), 6n, 'exact division does not round up');
  assert.equal(mulDiv(0n, 3n, 2n, 'up'), 0n, 'zero stays zero when rounding up');
  assert.equal(wMul(3n, WAD / 2n, 'down'), 1n, '1.5 down');
  assert.equal(wMul(3n, WAD / 2n, 'up'), 2n, '1.5 up');
  assert.equal(divUp(10n, 5n), 2n);
  assert.equal(divUp(11n, 5n), 3n);
  assert.equal(divUp(0n, 5n), 0n);
  assert.equal(zeroFloorSub(3n, 5n), 0n);
  assert.equal(zeroFloorSub(5n, 3n), 2n);
  assert.throws(() => mulDiv(1n, 1n, 0n, 'down'), RangeError, 'division by zero');
  assert.throws(() => divUp(1n, 0n), RangeError, 'divUp by zero');
  assert.throws(() => mulDiv(-1n, 1n, 1n, 'up'), RangeError, 'negative input');
  assert.throws(() => zeroFloorSub(-1n, 0n), RangeError, 'negative input');
});

test('lift and liftIntegral around the kink (curve 0.5 up to 80%, 5 beyond)', () => {
  assert.equal(lift(wad('0.5'), demoCurve), wad('0.25'), '0.5 x 0.5');
  assert.equal(lift(wad('0.8'), demoCurve), wad('0.4'), 'at the kink');
  assert.equal(lift(wad('0.9'), demoCurve), wad('0.9'), '0.4 + 5 x 0.1');
  assert.equal(lift(WAD, demoCurve), wad('1.4'), '0.4 + 5 x 0.2');
  assert.equal(lift(1n, demoCurve), 1n, 'ceil(0.5 wei)');
  assert.equal(lift(3n, demoCurve), 2n, 'ceil(1.5 wei)');
  assert.equal(lift(wad('0.8') + 1n, demoCurve), wad('0.4') + 5n, 'one wei past the kink: slope 2');
  // Both terms past the kink round up: 0.5 x 333333333333333333 = ...666.5 and 2.5 x 1 wei = 2.5 wei.
  const third: UtilizationCurve = { kinkWad: WAD / 3n, slope1Wad: wad('0.5'), slope2Wad: wad('2.5') };
  assert.equal(lift(WAD / 3n + 1n, third), 166_666_666_666_666_667n + 3n);

  // Integral of 0.5u to 0.5 = 0.0625; to the kink 0.16; to 1: 0.16 + 0.4 x 0.2 + 5 x 0.2^2 / 2 = 0.34.
  for (const rounding of ['up', 'down'] as const) {
    assert.equal(liftIntegral(0n, demoCurve, rounding), 0n);
    assert.equal(liftIntegral(wad('0.5'), demoCurve, rounding), wad('0.0625'), `to 0.5 ${rounding}`);
    assert.equal(liftIntegral(wad('0.8'), demoCurve, rounding), wad('0.16'), `to the kink ${rounding}`);
    assert.equal(liftIntegral(WAD, demoCurve, rounding), wad('0.34'), `to 1 ${rounding}`);
  }
  assert.equal(liftIntegral(1n, demoCurve, 'up'), 1n, 'one wei rounds up to 1');
  assert.equal(liftIntegral(1n, demoCurve, 'down'), 0n, 'one wei rounds down to 0');
  // Past the kink by one wei: each of the two excess terms rounds up to 1 or down to 0.
  assert.equal(liftIntegral(wad('0.8') + 1n, demoCurve, 'up'), wad('0.16') + 2n);
  assert.equal(liftIntegral(wad('0.8') + 1n, demoCurve, 'down'), wad('0.16'));
});

const handPool: PoolState = { balance: usdc('1000'), liabilities: 0n, activeCover: 0n, leverageWad: WAD, curve: demoCurve };
const handProduct: ProductTerms = {
  productId: 7n, status: ProductStatus.Active, openIncidents: 0n, pausedUntil: 0n, baseRateWad: wad('0.1'), capWad: WAD,
  maxCoverAmount: usdc('1000000'), minPeriod: DAY, maxPeriod: YEAR, activeCover: 0n,
};

test('premiums, the stream rounding and cancellation amounts by hand', () => {
  // 500 of 1000 capacity at 10%/year for a year: (500 + 1000 x 0.0625) x 0.1 = 56.25.
  const base = { amount: usdc('500'), baseRateWad: wad('0.1'), activeBefore: 0n, capacity: usdc('1000'), curve: demoCurve };
  assert.equal(purchasePremium({ ...base, period: YEAR }), 56_250_000n);
  // For one day: 56.25 / 365 = 0.154109589... rounded up.
  assert.equal(purchasePremium({ ...base, period: DAY }), 154_110n);
  // Extension at 50% utilization: the rate is 0.1 x 1.25, over a year on 500.
  assert.equal(extensionPremium({ amount: usdc('500'), baseRateWad: wad('0.1'), period: YEAR, active: usdc('500'), capacity: usdc('1000'), curve: demoCurve }), 62_500_000n);

  // Rounding of the utilization, seen at 18-decimal magnitudes. Curve: lift = 2u (no kink); capacity
  // 3e18, 1e18 active, 1e18 more at 100%/year for a year. Exactly: u 1/3 -> 2/3, integral u^2 from 1/9
  // to 4/9, so the lift adds 3e18 x 1/3 = 1e18 and the premium is 2e18. With the contract's roundings:
  // u0 = floor(1e18/3) = 333333333333333333, u1 = ceil(2e18/3) = 666666666666666667; the integral at u1
  // rounded up is ceil(u1^2 / 1e18) = 444444444444444445, at u0 rounded down floor(u0^2 / 1e18) =
  // 111111111111111110; the lift in assets ceil(3e18 x 333333333333333335 / 1e18) = 1e18 + 5.
  const steep: UtilizationCurve = { kinkWad: WAD, slope1Wad: 2n * WAD, slope2Wad: 0n };
  assert.equal(purchasePremium({ amount: WAD, baseRateWad: WAD, period: YEAR, activeBefore: WAD, capacity: 3n * WAD, curve: steep }), 2n * WAD + 5n);
  // An extension at u = ceil(1/3) on lift = u at 100%/year: the rate 1 + 333333333333333334e-18.
  const linear: UtilizationCurve = { kinkWad: WAD, slope1Wad: WAD, slope2Wad: 0n };
  assert.equal(extensionPremium({ amount: WAD, baseRateWad: WAD, period: YEAR, active: 1n, capacity: 3n, curve: linear }), 1_333_333_333_333_333_334n);

  // Bought at day 100.5 for a day: the stream runs to the day-102 boundary, 1.5 days = 129,600 s.
  const t0 = 100n * DAY + DAY / 2n;
  const q = quotePurchase(handPool, handProduct, usdc('500'), DAY, t0);
  assert.equal(q.expiryDay, 102n);
  assert.equal(q.rateScaled, 1_189_121n, 'ceil(154,110e6 / 129,600)');
  assert.equal(q.premium, 154_111n, 'ceil(1,189,121 x 129,600 / 1e6): one unit above the priced premium');
  assert.equal(q.capacity, usdc('1000'));

  const cover: CoverRecord = {
    coverId: 1n, owner: '0x00000000000000000000000000000000000000aa', productId: 7n, start: t0, end: t0 + DAY,
    amount: usdc('500'), flags: 0, rateScaled: q.rateScaled,
  };
  // One second into day 101: 86,399 s of stream left; 102,738.865279 unearned, the fee 10% of 102,738 rounded up.
  const c = cancelAmounts(cover, wad('0.1'), 101n * DAY + 1n);
  assert.deepEqual(c, { refund: 92_464n, fee: 10_274n, unearnedScaled: 102_738_865_279n });
  assert.deepEqual(coverUnearned(q.rateScaled, cover.end, 101n * DAY + 1n), { scaled: 102_738_865_279n, assets: 102_738n });
  // Between its end (101.5 days) and its stream end (day 102) the cover still counts and streams.
  assert.equal(isCounted(cover.end, 102n * DAY - 1n), true);
  assert.equal(isCounted(cover.end, 102n * DAY), false);
  assert.equal(coverEarned(q.rateScaled, cover.end, t0, 200n * DAY).scaled, q.rateScaled * 129_600n, 'earns its whole stream');
  assert.throws(() => cancelAmounts(cover, wad('0.1'), cover.end), (e: unknown) => e instanceof MathRevertError && e.errorName === 'CoverExpired');

  // The stream ledger earns linearly; liabilities round the unearned premium up.
  assert.deepEqual(earnStream({ unearnedScaled: 1_000_000n, rateScaled: 3n, lastUpdate: 10n }, 20n), { unearnedScaled: 999_970n, rateScaled: 3n, lastUpdate: 20n });
  assert.equal(poolLiabilities(1_000_001n, 5n), 7n);
  assert.throws(() => earnStream({ unearnedScaled: 10n, rateScaled: 3n, lastUpdate: 0n }, 4n), RangeError);
});

test('capacity errors by hand: pool first, then product', () => {
  const capped: ProductTerms = { ...handProduct, capWad: wad('0.3') };
  const poolError = catchMath(() => quotePurchase(handPool, capped, usdc('1000') + 1n, DAY, 0n));
  assert.ok(poolError instanceof MathCapacityError);
  assert.equal(poolError.kind, 'pool');
  assert.equal(poolError.requested, usdc('1000') + 1n);
  assert.equal(poolError.available, usdc('1000'));
  assert.deepEqual([poolError.errorName, poolError.args], ['PoolCapacityExceeded', [usdc('1000') + 1n, usdc('1000')]]);
  const productError = catchMath(() => quotePurchase(handPool, capped, usdc('400'), DAY, 0n));
  assert.ok(productError instanceof MathCapacityError);
  assert.deepEqual([productError.kind, productError.productId, productError.errorName, productError.args], ['product', 7n, 'ProductCapacityExceeded', [7n, usdc('400'), usdc('300')]]);
  assert.equal(quotePurchase(handPool, capped, usdc('300'), DAY, 0n).capacity, usdc('1000'), 'exactly the product capacity fits');
  // Liabilities reduce capital: 1000 - 250 = 750 at leverage 2 is 1500 of capacity, 900 of it active.
  const loaded: PoolState = { ...handPool, liabilities: usdc('250'), leverageWad: 2n * WAD, activeCover: usdc('900') };
  assert.deepEqual(availableCover(loaded, { capWad: WAD, activeCover: 0n }), { pool: usdc('600'), product: usdc('750'), max: usdc('600') });
  assert.equal(capital({ balance: 5n, liabilities: 9n }), 0n, 'capital floors at zero');
  // A stream too fast for its uint96 slot reverts with SafeCast's error, as on chain.
  const huge: PoolState = { ...handPool, balance: 10n ** 31n };
  const overflow = catchMath(() => quotePurchase(huge, { ...handProduct, baseRateWad: 10n * WAD, maxCoverAmount: 10n ** 31n }, 10n ** 30n, DAY, 0n));
  assert.equal(overflow.errorName, 'SafeCastOverflowedUintDowncast');
  assert.equal(overflow.args[0], 96);
});

test('share conversions by hand: 10^6 virtual shares and 1 virtual asset', () => {
  assert.equal(toShares(usdc('1'), 0n, 0n, 'down'), 10n ** 12n, 'an empty pool mints 1e6 shares per asset unit');
  assert.equal(toShares(1n, 2n, 0n, 'down'), 333_333n, '1e6 / 3 down');
  assert.equal(toShares(1n, 2n, 0n, 'up'), 333_334n, '1e6 / 3 up');
  assert.equal(toAssets(333_334n, 2n, 0n, 'down'), 1n, '333,334 x 3 / 1e6 down');
  assert.equal(toAssets(333_334n, 2n, 0n, 'up'), 2n, '333,334 x 3 / 1e6 up');
  const vault: VaultState = { totalAssets: 2n, totalSupply: 0n };
  assert.deepEqual(
    [previewDeposit(1n, vault), previewWithdraw(1n, vault), previewMint(333_334n, vault), previewRedeem(333_334n, vault)],
    [333_333n, 333_334n, 2n, 1n],
    'deposit and redeem round down, withdraw and mint up',
  );
});

// ==================================================================== on chain

/** One CoverManager with its pool, and the accounts (anvil key indexes) that use it. */
interface Market {
  label: string;
  /** 10^decimals of the asset. */
  unit: bigint;
  manager: { address: Address; abi: typeof coverManagerAbi };
  pool: { address: Address; abi: typeof coverPoolAbi };
  asset: { address: Address; abi: typeof mockUsdcAbi };
  addresses: { coverManager: Address; coverPool: Address; asset: Address };
  productIds: bigint[];
  depositor: number;
  depositor2: number;
  buyer: number;
  /** The asset has MockUSDC's open faucet (the buyer is topped up from it). */
  faucet: boolean;
}

let anvil: Anvil;
let admin: Clients;
let usdcMarket: Market;
let bwkMarket: Market;

const GUARDIAN = 1;
const as = (i: number): Clients => withKey(admin, anvilKey(i));
const rpc = (method: string, params: unknown[]) => admin.public.request({ method: method as never, params: params as never });

before(async () => {
  anvil = await startAnvil({ port: PORT });
  admin = localClients(anvil.url, anvilKey(0));
  const config = demoConfig({ guardian: anvilAddress(GUARDIAN), assessors: [5, 6, 7, 8].map(anvilAddress) });
  // The demo's leverage (3x) is above the sum of its products' caps (1.7x capital), so utilization
  // could never reach the kink (80%); at 1.2x it can reach 100%. The deployer stays admin, so the test
  // can move the pool's curve and leverage, the products' terms and the cancellation fee between rounds.
  const pool = { ...config.pool, leverageWad: wad('1.2') };
  const d = await deployBulwark(admin, { ...config, handOverToTimelock: false, pool });
  usdcMarket = {
    label: 'USDC (6 decimals)', unit: 10n ** 6n,
    manager: { address: d.contracts.CoverManager, abi: coverManagerAbi },
    pool: { address: d.contracts.CoverPool, abi: coverPoolAbi },
    asset: { address: d.asset.address, abi: mockUsdcAbi },
    addresses: { coverManager: d.contracts.CoverManager, coverPool: d.contracts.CoverPool, asset: d.asset.address },
    productIds: d.products.map((p) => BigInt(p.id)),
    depositor: 3, depositor2: 4, buyer: 9, faucet: true,
  };
  for (const i of [usdcMarket.depositor, usdcMarket.depositor2, usdcMarket.buyer]) {
    await send(as(i), { ...usdcMarket.asset, functionName: 'faucet', args: [anvilAddress(i), usdc('1000000')] });
  }

  // A second market over an 18-decimal asset (the BWK the assessors 5-8 hold, 10,000,000 each): at
  // capacities near 1e25 units a single wei of utilization moves a premium by millions of units, so
  // every rounding direction inside PricingLib shows in the premiums.
  const bwk = d.contracts.BulwarkToken;
  const managerArtifact = loadArtifact('CoverManager');
  const { address: manager } = await deploy(admin, managerArtifact, [{
    asset: bwk, poolName: 'Bulwark BWK Pool', poolSymbol: 'bwBWK', admin: anvilAddress(0), guardian: anvilAddress(GUARDIAN),
    cancelFeeWad: config.cancelFeeWad, guardianPauseLimit: BigInt(config.guardianPauseLimit), pool: { leverageWad: pool.leverageWad, curve: pool.curve },
    cooldown: BigInt(config.pool.cooldown), window: BigInt(config.pool.window),
  }], { ParamsLib: d.contracts.ParamsLib });
  const coverPool = await admin.public.readContract({ address: manager, abi: coverManagerAbi, functionName: 'pool' });
  const scale = 10n ** 12n;
  for (const product of config.products) {
    await send(admin, {
      address: manager, abi: coverManagerAbi, functionName: 'listProduct',
      args: [{
        claimRoute: anvilAddress(2), baseRateWad: product.baseRateWad, capWad: product.capWad, maxCoverAmount: product.maxCoverAmount * scale,
        minPeriod: product.minPeriod, maxPeriod: product.maxPeriod, waitingPeriod: product.waitingPeriod,
        claimGracePeriod: product.claimGracePeriod, payoutRule: product.payoutRule, termsURI: product.termsURI,
      }],
    });
  }
  bwkMarket = {
    label: 'BWK (18 decimals)', unit: 10n ** 18n,
    manager: { address: manager, abi: coverManagerAbi },
    pool: { address: coverPool, abi: coverPoolAbi },
    asset: { address: bwk, abi: mockUsdcAbi },
    addresses: { coverManager: manager, coverPool, asset: bwk },
    productIds: config.products.map((_, i) => BigInt(i + 1)),
    depositor: 5, depositor2: 6, buyer: 7, faucet: false,
  };

  for (const m of [usdcMarket, bwkMarket]) {
    for (const i of [m.depositor, m.depositor2]) await send(as(i), { ...m.asset, functionName: 'approve', args: [m.pool.address, maxUint256] });
    await send(as(m.buyer), { ...m.asset, functionName: 'approve', args: [m.manager.address, maxUint256] });
    await send(as(m.depositor), { ...m.pool, functionName: 'deposit', args: [1_000_000n * m.unit, anvilAddress(m.depositor)] });
  }
});

after(async () => {
  await anvil?.stop();
});

/*
 * What anvil does (checked by the next test, relied on by the randomized ones): an `eth_call` at a
 * block number runs with that block's own timestamp, older blocks included, so reading every view at
 * block B and computing at B's timestamp compares like with like. A time increase not yet mined is
 * invisible to calls at `latest` or at a number; only `pending` sees it. Hence every round mines its
 * time change first and then reads at the new block's number.
 */
test('eth_call at a block number runs with that block\'s timestamp', async () => {
  // Creation code that returns TIMESTAMP as its "runtime code": `eth_call` without `to` runs it.
  const data = '0x4260005260206000f3' as const;
  const timestampSeen = async (at: bigint | 'latest' | 'pending'): Promise<bigint> => {
    const result = await admin.public.call(typeof at === 'bigint' ? { data, blockNumber: at } : { data, blockTag: at });
    return BigInt(result.data ?? '0x0');
  };
  await rpc('evm_increaseTime', [1000]);
  await rpc('evm_mine', []);
  const older = await admin.public.getBlock();
  await rpc('evm_increaseTime', [5000]);
  await rpc('evm_mine', []);
  const newer = await admin.public.getBlock();
  assert.ok(newer.timestamp >= older.timestamp + 5000n, 'the clock moved');
  assert.equal(await timestampSeen(older.number), older.timestamp, 'a call at an older block sees that block\'s timestamp');
  assert.equal(await timestampSeen(newer.number), newer.timestamp, 'a call at the latest block number sees its timestamp');
  await rpc('evm_increaseTime', [777]);
  assert.equal(await timestampSeen('latest'), newer.timestamp, 'latest ignores an unmined time increase');
  assert.equal(await timestampSeen(newer.number), newer.timestamp, 'so does a call at the latest number');
  assert.ok((await timestampSeen('pending')) >= newer.timestamp + 777n, 'pending sees it');
  await rpc('evm_mine', []);
});

/**
 * `send` with a fixed gas limit, for calls whose gas depends on the time: a purchase, extension,
 * cancellation or deposit mined after a day boundary first processes (or previews) the buckets that
 * expired, which an estimate made at the latest block's timestamp did not include, so with viem's
 * exact estimate it runs out of gas. A reverted transaction throws.
 */
async function transact(clients: Clients, call: Parameters<typeof send>[1]): Promise<void> {
  const hash = await clients.wallet.writeContract({ ...call, args: call.args ?? [], gas: 3_000_000n } as never);
  const receipt = await clients.public.waitForTransactionReceipt({ hash });
  if (receipt.status !== 'success') throw new Error(`${call.functionName} reverted in transaction ${hash}`);
}

/** A small deterministic PRNG (mulberry32) with bigint helpers. */
class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  u32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
  /** A bigint in [lo, hi], near uniform: 64 more random bits than the range has, reduced. */
  between(lo: bigint, hi: bigint): bigint {
    if (hi <= lo) return lo;
    const range = hi - lo + 1n;
    let bits = 0n;
    for (let n = 0; n < range.toString(2).length + 64; n += 32) bits = (bits << 32n) | BigInt(this.u32());
    return lo + (bits % range);
  }
  int(n: number): number {
    return this.u32() % n;
  }
  chance(p: number): boolean {
    return this.u32() / 2 ** 32 < p;
  }
  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new RangeError('pick from an empty list');
    return item;
  }
}

type Outcome<T> = { ok: true; value: T } | { ok: false; errorName: string; args: readonly unknown[] };

/** The contract's answer, or the custom error it reverted with (anything else fails the test). */
async function onChain<T>(run: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    const e = toBulwarkError(error);
    if (e instanceof BulwarkContractError) return { ok: false, errorName: e.errorName, args: e.args };
    throw error;
  }
}

/** The SDK's answer, or the revert it predicts. */
function offChain<T>(run: () => T): Outcome<T> {
  try {
    return { ok: true, value: run() };
  } catch (error) {
    if (error instanceof MathRevertError) return { ok: false, errorName: error.errorName, args: error.args };
    throw error;
  }
}

function catchMath(run: () => unknown): MathRevertError {
  try {
    run();
  } catch (error) {
    if (error instanceof MathRevertError) return error;
    throw error;
  }
  throw new Error('expected a MathRevertError');
}

const show = (value: unknown): string => JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));

interface Tally {
  comparisons: number;
  quotes: number;
  /** Reverts compared, by `<call>:<error>`. */
  errors: Map<string, number>;
  belowKink: number;
  crossingKink: number;
  aboveKink: number;
  extensions: number;
  extensionsAboveKink: number;
  cancels: number;
  shares: number;
  buys: number;
}

const newTally = (): Tally => ({
  comparisons: 0, quotes: 0, errors: new Map(), belowKink: 0, crossingKink: 0, aboveKink: 0, extensions: 0, extensionsAboveKink: 0, cancels: 0, shares: 0, buys: 0,
});

const ROUNDS = 25;

test('randomized: the SDK equals the contracts exactly (USDC market)', async (t) => {
  await randomizedRun(t, usdcMarket, SEED);
});

test('randomized: the SDK equals the contracts exactly (18-decimal market)', async (t) => {
  await randomizedRun(t, bwkMarket, SEED + 1);
});

/**
 * `ROUNDS` rounds on `market`, each at the latest block: ledger views against per-cover sums, 10
 * purchase quotes (two aimed one unit past a capacity), 4 extension and 4 cancellation quotes and 36
 * share conversions, all compared at that block; then purchases (pushing utilization up), an
 * extension, a cancellation, deposits, a donation, governance changes of the curve, terms and fee,
 * pauses, and time passing (seconds to days, or onto a bucket boundary). Finally a matured
 * withdrawal request's limits.
 */
async function randomizedRun(t: { diagnostic(message: string): void }, market: Market, seed: number): Promise<void> {
  const started = Date.now();
  const random = new Random(seed);
  const tally = newTally();
  const count = (key: string) => tally.errors.set(key, (tally.errors.get(key) ?? 0) + 1);
  const same = <T>(sdk: T, contract: T, what: string): void => {
    assert.deepStrictEqual(sdk, contract, `seed ${seed}, ${market.label}: ${what}: sdk ${show(sdk)} != contract ${show(contract)}`);
    tally.comparisons++;
  };
  const { manager, pool, asset, addresses, productIds, unit } = market;
  const buyer = as(market.buyer);
  const buyerAddress = anvilAddress(market.buyer);
  const pub = admin.public;
  const coverIds: bigint[] = [];
  let nextCoverId = 1n;
  const lastProduct = productIds[productIds.length - 1];
  assert.ok(lastProduct !== undefined);

  for (let round = 0; round < ROUNDS; round++) {
    const block = await pub.getBlock();
    const at = block.number;
    const now = block.timestamp;
    const ctx = (what: string) => `round ${round} block ${at} t=${now}: ${what}`;
    const snapshots = new Map<bigint, PricingSnapshot>();
    for (const s of await Promise.all(productIds.map((id) => readPricingState(pub, addresses, id, at)))) snapshots.set(s.product.productId, s);
    const snapshot = (id: bigint): PricingSnapshot => {
      const s = snapshots.get(id);
      assert.ok(s, `product ${id} was read`);
      return s;
    };
    const first = snapshot(1n);
    assert.equal(first.timestamp, now);
    const poolState = first.pool;
    const vault = first.vault;

    // ---- ledger views against the per-cover stream sums of every cover bought so far
    const covers = await Promise.all(coverIds.map((id) => readCover(pub, manager.address, id, at)));
    const live = covers.filter((cv) => !/^0x0{40}$/i.test(cv.owner));
    const counted = live.filter((cv) => isCounted(cv.end, now));
    let unearnedScaled = 0n;
    for (const cv of live) unearnedScaled += coverUnearned(cv.rateScaled, cv.end, now).scaled;
    const [unearnedView, liabilitiesView, totalAssetsView, freeCapitalView, requiredView, openClaims, owed] = await Promise.all([
      pub.readContract({ ...manager, functionName: 'unearnedPremium', blockNumber: at }),
      pub.readContract({ ...manager, functionName: 'liabilities', blockNumber: at }),
      pub.readContract({ ...pool, functionName: 'totalAssets', blockNumber: at }),
      pub.readContract({ ...pool, functionName: 'freeCapital', blockNumber: at }),
      pub.readContract({ ...manager, functionName: 'requiredCapital', blockNumber: at }),
      pub.readContract({ ...manager, functionName: 'openClaims', blockNumber: at }),
      pub.readContract({ ...manager, functionName: 'owedPayouts', blockNumber: at }),
    ]);
    same(divUp(unearnedScaled, EARN_SCALE), unearnedView, ctx('unearnedPremium = sum of coverUnearned'));
    same(poolLiabilities(unearnedScaled, owed), liabilitiesView, ctx('liabilities'));
    same(counted.reduce((sum, cv) => sum + cv.amount, 0n), poolState.activeCover, ctx('activeCover = sum of counted covers'));
    for (const id of productIds) {
      const active = counted.filter((cv) => cv.productId === id).reduce((sum, cv) => sum + cv.amount, 0n);
      same(active, snapshot(id).product.activeCover, ctx(`productActiveCover(${id})`));
    }
    same(capital(poolState), totalAssetsView, ctx('totalAssets = capital'));
    same(requiredCapital(poolState.activeCover, poolState.leverageWad), requiredView, ctx('requiredCapital'));
    same(freeCapital(poolState, openClaims), freeCapitalView, ctx('freeCapital'));

    // ---- purchase quotes (rounds 6 and 9 start with the products paused in rounds 5 and 8)
    // Two probes per round aim one unit past the pool's and past a product's capacity where that is
    // below the product's largest cover (else CoverAmountTooLarge would come first).
    const poolEdge = productIds.filter((id) => availableCover(poolState, snapshot(id).product).pool < snapshot(id).product.maxCoverAmount);
    const productEdge = productIds.filter((id) => {
      const a = availableCover(poolState, snapshot(id).product);
      return a.product < a.pool && a.product < snapshot(id).product.maxCoverAmount;
    });
    for (let q = 0; q < 10; q++) {
      const id = round === 6 && q < 2 ? lastProduct
        : round === 9 && q < 2 ? 2n
        : q === 8 && poolEdge.length > 0 ? random.pick(poolEdge)
        : q === 9 && productEdge.length > 0 ? random.pick(productEdge)
        : random.pick(productIds);
      const product = snapshot(id).product;
      const available = availableCover(poolState, product);
      const amount = q === 8 && poolEdge.includes(id) ? available.pool + 1n
        : q === 9 && productEdge.includes(id) ? available.product + 1n
        : randomAmount(random, product, available);
      const period = randomPeriod(random, product, now);
      const contract = await onChain(() => pub.readContract({ ...manager, functionName: 'quote', args: [id, amount, period], blockNumber: at }));
      const sdk = offChain(() => quotePurchase(poolState, product, amount, period, now));
      same<Outcome<bigint>>(sdk.ok ? { ok: true, value: sdk.value.premium } : sdk, contract, ctx(`quote(${id}, ${amount}, ${period})`));
      tally.quotes++;
      if (!sdk.ok) {
        count(`quote:${sdk.errorName}`);
        continue;
      }
      const kink = poolState.curve.kinkWad;
      const u0 = mulDiv(poolState.activeCover, WAD, sdk.value.capacity, 'down');
      const u1 = mulDiv(poolState.activeCover + amount, WAD, sdk.value.capacity, 'up');
      if (u1 <= kink) tally.belowKink++;
      else if (u0 >= kink) tally.aboveKink++;
      else tally.crossingKink++;
    }

    // ---- extension and cancellation quotes of random covers (mostly live, some expired or cancelled)
    const picked = covers.length === 0 ? [] : [...Array(4)].map(() => random.pick(random.chance(0.85) && live.length ? live : covers));
    for (const cover of picked) {
      const s = snapshot(cover.productId);
      const left = cover.end > now ? cover.end - now : 0n;
      const room = s.product.maxPeriod > left ? s.product.maxPeriod - left : 0n;
      const extra = random.pick([0n, 1n, room, room + 1n, random.between(1n, room), random.between(1n, room), BUCKET - (cover.end % BUCKET)]);
      const ext = await onChain(() => pub.readContract({ ...manager, functionName: 'quoteExtend', args: [cover.coverId, extra], blockNumber: at }));
      const sdkExt = offChain(() => quoteExtension(poolState, s.product, cover, extra, now));
      same<Outcome<bigint>>(sdkExt.ok ? { ok: true, value: sdkExt.value.premium } : sdkExt, ext, ctx(`quoteExtend(${cover.coverId}, ${extra}) of ${show(cover)}`));
      tally.extensions++;
      if (!sdkExt.ok) count(`quoteExtend:${sdkExt.errorName}`);
      else if (mulDiv(poolState.activeCover, WAD, sdkExt.value.capacity, 'up') > poolState.curve.kinkWad) tally.extensionsAboveKink++;

      const cancel = await onChain(() => pub.readContract({ ...manager, functionName: 'quoteCancel', args: [cover.coverId], blockNumber: at }));
      const sdkCancel = offChain(() => cancelAmounts(cover, s.cancelFeeWad, now, s.product.openIncidents));
      same<Outcome<readonly [bigint, bigint]>>(
        sdkCancel.ok ? { ok: true, value: [sdkCancel.value.refund, sdkCancel.value.fee] } : sdkCancel, cancel, ctx(`quoteCancel(${cover.coverId}) of ${show(cover)}`),
      );
      tally.cancels++;
      if (!sdkCancel.ok) count(`quoteCancel:${sdkCancel.errorName}`);
    }

    // ---- share conversions
    const assets = [0n, 1n, random.between(1n, 1000n), random.between(1n, 1_000_000n * unit), vault.totalAssets, vault.totalAssets + random.between(1n, 1000n * unit)];
    const shares = [0n, 1n, random.between(1n, 10n ** 6n), random.between(1n, vault.totalSupply), vault.totalSupply, random.between(1n, vault.totalSupply * 3n)];
    const previews = await Promise.all([
      ...assets.flatMap((a) => (['previewDeposit', 'previewWithdraw', 'convertToShares'] as const).map((fn) => pub.readContract({ ...pool, functionName: fn, args: [a], blockNumber: at }))),
      ...shares.flatMap((sh) => (['previewMint', 'previewRedeem', 'convertToAssets'] as const).map((fn) => pub.readContract({ ...pool, functionName: fn, args: [sh], blockNumber: at }))),
    ]);
    const expected = [
      ...assets.flatMap((a) => [previewDeposit(a, vault), previewWithdraw(a, vault), convertToShares(a, vault)]),
      ...shares.flatMap((sh) => [previewMint(sh, vault), previewRedeem(sh, vault), convertToAssets(sh, vault)]),
    ];
    same(expected, previews, ctx(`share previews of assets ${show(assets)} and shares ${show(shares)} at ${show(vault)}`));
    tally.comparisons += expected.length - 1;
    tally.shares += expected.length;

    // ---- move the state
    const buyerBalance = await pub.readContract({ ...asset, functionName: 'balanceOf', args: [buyerAddress] });
    if (market.faucet && buyerBalance < 300_000n * unit) {
      await send(buyer, { ...asset, functionName: 'faucet', args: [buyerAddress, 1_000_000n * unit] });
    }
    for (let b = 0; b < 3; b++) {
      const fresh = await readPricingState(pub, addresses, random.pick(productIds));
      const room = availableCover(fresh.pool, fresh.product).max;
      const cap = room < fresh.product.maxCoverAmount ? room : fresh.product.maxCoverAmount;
      if (fresh.product.status !== ProductStatus.Active || fresh.product.pausedUntil > fresh.timestamp || cap < 2n) continue;
      const amount = (cap * BigInt(10 + random.int(60))) / 100n;
      const period = random.between(fresh.product.minPeriod, fresh.product.maxPeriod);
      // Random terms can price cover above its amount; such a purchase is skipped rather than funded.
      const premium = quotePurchase(fresh.pool, fresh.product, amount, period, fresh.timestamp).premium;
      if (premium > amount / 3n || premium > buyerBalance / 4n) continue;
      await transact(buyer, {
        ...manager, functionName: 'buyCover',
        args: [{ productId: fresh.product.productId, riskKey: `0x${'00'.repeat(32)}`, amount, period, maxPremium: maxUint256, recipient: buyerAddress }],
      });
      coverIds.push(nextCoverId++);
      tally.buys++;
    }
    if (live.length > 0 && random.chance(0.4)) {
      const cover = random.pick(live);
      if (cover.end > now + 3600n && cover.end - now + DAY < snapshot(cover.productId).product.maxPeriod) {
        // It may revert (capacity, a pause): that is the contract's business here, not a comparison.
        const call = { ...manager, functionName: 'extendCover', args: [cover.coverId, DAY, maxUint256] } as const;
        const outcome = await onChain(() => pub.simulateContract({ ...call, account: buyer.wallet.account }));
        if (outcome.ok) await transact(buyer, call);
        else count(`extendCover:${outcome.errorName}`);
      }
    }
    if (live.length > 0 && random.chance(0.4)) {
      const cover = random.pick(live);
      if (cover.end > now + 3600n) await transact(buyer, { ...manager, functionName: 'cancelCover', args: [cover.coverId, 0n] });
    }
    if (random.chance(0.3)) {
      await transact(as(market.depositor2), { ...pool, functionName: 'deposit', args: [random.between(1n, 30_000n * unit), anvilAddress(market.depositor2)] });
    }
    if (random.chance(0.2)) {
      // A donation moves the share price off round numbers.
      await send(as(market.depositor2), { ...asset, functionName: 'transfer', args: [pool.address, random.between(1n, 500n * unit)] });
    }
    // Governance moves the parameters (the deployer kept the admin role).
    if (round % 4 === 3) {
      // Pool parameters are whole millionths on chain (finer values revert with ParameterTooPrecise).
      const millionths = (value: bigint) => value - (value % 10n ** 12n);
      const curve = { kinkWad: millionths(random.between(wad('0.2'), wad('0.95'))), slope1Wad: millionths(random.between(0n, wad('2'))), slope2Wad: millionths(random.between(0n, wad('10'))) };
      await send(admin, { ...manager, functionName: 'setPoolParams', args: [{ leverageWad: millionths(random.between(wad('0.9'), wad('1.6'))), curve }] });
    }
    if (round % 5 === 2) await send(admin, { ...manager, functionName: 'setCancelFee', args: [random.between(0n, wad('0.25'))] });
    if (random.chance(0.25)) {
      const id = random.pick(productIds);
      const terms = await pub.readContract({ ...manager, functionName: 'product', args: [id] });
      const baseRateWad = random.between(terms.baseRateWad / 2n, terms.baseRateWad < wad('5') ? terms.baseRateWad * 2n : wad('10'));
      await send(admin, { ...manager, functionName: 'updateProduct', args: [id, { ...terms, baseRateWad, capWad: random.between(wad('0.05'), wad('0.8')) }] });
    }
    if (round === 8) await send(admin, { ...manager, functionName: 'setProductStatus', args: [2n, ProductStatus.Paused] });
    if (round === 12) await send(admin, { ...manager, functionName: 'setProductStatus', args: [2n, ProductStatus.Active] });
    if (round === 5) {
      // The guardian pauses sales of the last product for a day and only a minute passes: the next
      // round's quotes of it must fail with SalesPaused.
      await send(as(GUARDIAN), { ...manager, functionName: 'pauseSales', args: [[lastProduct], DAY] });
      await rpc('evm_increaseTime', [60]);
      await rpc('evm_mine', []);
    } else {
      await advanceTime(random);
    }
  }

  // ---- exits: a matured withdrawal request's limits (fresh capital first, so some of it is free)
  await transact(as(market.depositor2), { ...pool, functionName: 'deposit', args: [500_000n * unit, anvilAddress(market.depositor2)] });
  const depositor = anvilAddress(market.depositor);
  const held = await pub.readContract({ ...pool, functionName: 'balanceOf', args: [depositor] });
  await send(as(market.depositor), { ...pool, functionName: 'requestWithdraw', args: [held / 3n] });
  const cooldown = await pub.readContract({ ...pool, functionName: 'cooldown' });
  await rpc('evm_increaseTime', [Number(cooldown) + 60]);
  await rpc('evm_mine', []);
  const at = await pub.getBlockNumber();
  const s = await readPricingState(pub, addresses, 1n, at);
  const [request, balance, maxWithdraw, maxRedeem] = await Promise.all([
    pub.readContract({ ...pool, functionName: 'withdrawalRequest', args: [depositor], blockNumber: at }),
    pub.readContract({ ...pool, functionName: 'balanceOf', args: [depositor], blockNumber: at }),
    pub.readContract({ ...pool, functionName: 'maxWithdraw', args: [depositor], blockNumber: at }),
    pub.readContract({ ...pool, functionName: 'maxRedeem', args: [depositor], blockNumber: at }),
  ]);
  const limits = exitLimits(request, balance, s.vault, freeCapital(s.pool, s.openClaims), s.timestamp);
  same([limits.maxWithdraw, limits.maxRedeem], [maxWithdraw, maxRedeem], 'maxWithdraw / maxRedeem');
  assert.ok(request.unlocksAt <= s.timestamp && s.timestamp <= request.expiresAt, 'the request is executable');
  assert.ok(limits.maxRedeem > 0n && limits.maxWithdraw > 0n, `the limits are not trivially zero: ${show(limits)}`);

  // The run must have exercised what it claims to compare.
  const summary = `seed ${seed}, ${market.label}: ${tally.comparisons} comparisons in ${((Date.now() - started) / 1000).toFixed(1)} s; ${show({ ...tally, errors: Object.fromEntries(tally.errors) })}`;
  t.diagnostic(summary);
  assert.ok(tally.belowKink > 0 && tally.aboveKink + tally.crossingKink > 0, `both sides of the kink priced: ${summary}`);
  for (const error of ['PoolCapacityExceeded', 'ProductCapacityExceeded', 'SalesPaused', 'ProductNotActive']) {
    assert.ok((tally.errors.get(`quote:${error}`) ?? 0) > 0, `a quote reverting with ${error} compared: ${summary}`);
  }
}

/** Amounts from 1 unit to past the capacity, weighted towards what fits and the capacity edges. */
function randomAmount(random: Random, product: ProductTerms, available: { pool: bigint; product: bigint; max: bigint }): bigint {
  const limit = available.max < product.maxCoverAmount ? available.max : product.maxCoverAmount;
  const near = (x: bigint): bigint => {
    const v = (x < product.maxCoverAmount ? x : product.maxCoverAmount) + random.between(0n, 4n) - 2n;
    return v < 1n ? 1n : v;
  };
  switch (random.int(10)) {
    case 0: return random.between(1n, 1000n);
    case 1: case 2: case 3: return random.between(1n, limit > 1n ? limit : 1n);
    case 4: return random.between(1n, product.maxCoverAmount);
    case 5: return near(available.max);
    case 6: return near(available.pool);
    case 7: return near(available.product);
    case 8: return random.pick([0n, product.maxCoverAmount, product.maxCoverAmount + 1n]);
    default: return limit + 1n;
  }
}

/** Periods within the product's range, its edges, one second outside, and ends on bucket boundaries. */
function randomPeriod(random: Random, product: ProductTerms, now: bigint): bigint {
  const toBoundary = BUCKET - (now % BUCKET);
  switch (random.int(8)) {
    case 0: return product.minPeriod;
    case 1: return product.maxPeriod;
    case 2: return random.pick([product.minPeriod - 1n, product.maxPeriod + 1n]);
    case 3: {
      // The cover ends exactly on a bucket boundary (or one second either side).
      const days = random.between(product.minPeriod / BUCKET + 1n, product.maxPeriod / BUCKET);
      return (days - 1n) * BUCKET + toBoundary + random.between(0n, 2n) - 1n;
    }
    default: return random.between(product.minPeriod, product.maxPeriod);
  }
}

/** Lets time pass: seconds, hours, days, or to one second around a bucket boundary. */
async function advanceTime(random: Random): Promise<void> {
  const now = (await admin.public.getBlock()).timestamp;
  const boundary = (now / BUCKET + 1n + random.between(0n, 5n)) * BUCKET;
  const target = random.pick([
    now + random.between(1n, 60n),
    now + random.between(60n, 6n * 3600n),
    now + random.between(DAY / 2n, 10n * DAY),
    boundary - 1n,
    boundary,
    boundary + 1n,
  ]);
  if (target <= now) return;
  if (random.chance(0.5)) {
    await rpc('evm_increaseTime', [Number(target - now)]);
  } else {
    await rpc('evm_setNextBlockTimestamp', [Number(target)]);
  }
  await rpc('evm_mine', []);
}
