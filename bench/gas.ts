/**
 * Gas benchmark: receipt gas (21,000 base included) of every user action, measured on a real anvil
 * with the premium paid in a standard OpenZeppelin ERC-20 (MockUSDC, 6 decimals), default EVM version.
 * Prints a table and writes bench/gas.json (flat: operation -> gas).
 *
 *   npm run bench:gas
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { maxUint256, parseUnits, type Address, type Hex, type TransactionReceipt } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';

import { loadArtifact } from '../scripts/lib/artifacts.js';
import { ANVIL_KEYS, deploy, localClients, send, withKey, type Clients } from '../scripts/lib/chain.js';
import { deployBulwark, PayoutRule, wad, type DeployConfig } from '../scripts/lib/deploy.js';
import { forgeBuild, ROOT, startAnvil } from '../scripts/lib/foundry.js';

/** Program output (this is a command, not library code). */
const print = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

const DAY = 86_400;
const usdc = (value: string): bigint => parseUnits(value, 6);
const key = (i: number): Hex => {
  const k = ANVIL_KEYS[i];
  if (!k) throw new Error(`no anvil key ${i}`);
  return k;
};
const address = (i: number): Address => privateKeyToAccount(key(i)).address;

/** Noon UTC, so a benchmark's few hundred blocks never straddle a day's expiry bucket boundary. */
const START_TIME = 1_767_268_800; // 2026-01-01T12:00:00Z

async function main(): Promise<void> {
  forgeBuild();
  const anvil = await startAnvil({ port: 8_645, args: ['--gas-limit', '30000000', '--timestamp', String(START_TIME)] });
  try {
    await run(anvil.url);
  } finally {
    await anvil.stop();
  }
}

async function run(url: string): Promise<void> {
  const admin = localClients(url, key(0));
  const route = withKey(admin, key(2));
  const lp1 = withKey(admin, key(3));
  const lp2 = withKey(admin, key(4));
  const holder = withKey(admin, key(5));
  const others = [6, 7, 8, 9].map((i) => withKey(admin, key(i)));

  const config: DeployConfig = {
    admin: address(0), guardian: address(1), claimRoute: address(2), cancelFeeWad: wad('0.1'), guardianPauseLimit: 7 * DAY,
    pool: { leverageWad: wad('3'), curve: { kinkWad: wad('0.8'), slope1Wad: wad('0.5'), slope2Wad: wad('5') }, cooldown: 7 * DAY, window: 3 * DAY },
    products: [{
      key: 'bench', name: 'Benchmark exploit cover', payoutRule: PayoutRule.Assessed, baseRateWad: wad('0.025'),
      capWad: wad('1'), maxCoverAmount: usdc('1000000'), minPeriod: DAY, maxPeriod: 2 * 365 * DAY,
      waitingPeriod: DAY, claimGracePeriod: 30 * DAY, termsURI: 'ipfs://bench',
    }],
  };
  const d = await deployBulwark(admin, config);
  const token = { address: d.contracts.MockUSDC, abi: loadArtifact('MockUSDC').abi };
  const manager = { address: d.contracts.CoverManager, abi: loadArtifact('CoverManager').abi };
  const pool = { address: d.contracts.CoverPool, abi: loadArtifact('CoverPool').abi };

  const gas: Record<string, number> = {};
  const record = (name: string, receipt: TransactionReceipt): void => {
    gas[name] = Number(receipt.gasUsed);
  };
  const rpc = (method: string, params: unknown[]) => admin.public.request({ method: method as never, params: params as never });
  const warp = async (seconds: number) => {
    await rpc('evm_increaseTime', [seconds]);
    await rpc('evm_mine', []);
  };

  // Every participant holds USDC and has approved the spender it uses.
  for (const c of [lp1, lp2, holder, ...others]) {
    await send(c, { ...token, functionName: 'faucet', args: [c.wallet.account.address, usdc('1000000')] });
  }
  for (const c of [holder, ...others]) await send(c, { ...token, functionName: 'approve', args: [manager.address, maxUint256] });
  for (const c of [lp1, lp2]) await send(c, { ...token, functionName: 'approve', args: [pool.address, maxUint256] });

  const deposit = (c: Clients, amount: bigint) =>
    send(c, { ...pool, functionName: 'deposit', args: [amount, c.wallet.account.address] });
  const buy = (c: Clients, amount: bigint, days: number) =>
    send(c, {
      ...manager, functionName: 'buyCover',
      args: [{ productId: 1n, riskKey: '0x' + '0'.repeat(64), amount, period: BigInt(days * DAY), maxPremium: maxUint256, recipient: c.wallet.account.address }],
    });

  record('depositFirstInPool', await deposit(lp1, usdc('600000')));
  record('deposit', await deposit(lp2, usdc('400000'))); // a new depositor joining a live pool

  // Ten existing covers: nine of 30 days (one expiry bucket) and one of 395 days, whose bucket a
  // 30-day cover bought a year later shares.
  for (let i = 0; i < 9; i++) await buy(others[i % others.length]!, usdc('1000'), 30);
  await buy(others[0]!, usdc('1000'), 395);
  record('buyCoverFirst', await buy(holder, usdc('10000'), 30)); // first cover of this holder
  const s0 = await rpc('evm_snapshot', []);

  record('buyCover', await buy(holder, usdc('10000'), 30)); // holder who already owns a cover
  await buy(others[1]!, usdc('1000'), 60); // opens the 60-day bucket the extension moves into
  record('extendCover', await send(holder, { ...manager, functionName: 'extendCover', args: [11n, BigInt(30 * DAY), maxUint256] }));
  record('cancelCover', await send(holder, { ...manager, functionName: 'cancelCover', args: [12n, 0n] }));
  await warp(2 * DAY);
  const block = await admin.public.getBlock();
  record('payout', await send(route, { ...manager, functionName: 'payout', args: [1n, usdc('500'), block.timestamp - 1n, false] }));
  const shares = (await admin.public.readContract({ ...pool, functionName: 'balanceOf', args: [lp1.wallet.account.address] })) as bigint;
  record('requestWithdraw', await send(lp1, { ...pool, functionName: 'requestWithdraw', args: [shares / 10n] }));
  await warp(7 * DAY);
  record('withdraw', await send(lp1, { ...pool, functionName: 'redeem', args: [shares / 10n, lp1.wallet.account.address, lp1.wallet.account.address] }));

  // Same state as buyCover, then a year passes with nobody touching the protocol.
  await rpc('evm_revert', [s0]);
  const s1 = await rpc('evm_snapshot', []);
  await warp(365 * DAY);
  record('buyCoverAfterYearOfBuckets', await buy(holder, usdc('10000'), 30));

  // Same state as buyCover, with 5,000 existing covers.
  await rpc('evm_revert', [s1]);
  const bulk = await deploy(admin, loadArtifact('BulkBuyer'));
  await send(admin, { ...token, functionName: 'faucet', args: [bulk.address, usdc('1000000')] });
  const existing = 11;
  for (let done = existing; done < 5_000; ) {
    const count = Math.min(150, 5_000 - done);
    await send(admin, {
      address: bulk.address, abi: loadArtifact('BulkBuyer').abi, functionName: 'buyMany',
      args: [manager.address, token.address, { productId: 1n, riskKey: '0x' + '0'.repeat(64), amount: usdc('100'), period: BigInt(30 * DAY), maxPremium: maxUint256, recipient: address(0) }, BigInt(count), BigInt(0x10000 + done)],
    });
    done += count;
  }
  const total = (await admin.public.readContract({ ...manager, functionName: 'balanceOf', args: [holder.wallet.account.address] })) as bigint;
  record('buyCoverWith5000Covers', await buy(holder, usdc('10000'), 30));

  const ordered = Object.fromEntries(Object.entries(gas).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(join(ROOT, 'bench', 'gas.json'), JSON.stringify(ordered, null, 2) + '\n');

  const targets: Record<string, number> = { buyCover: 120_000, buyCoverFirst: 170_000, deposit: 90_000, payout: 60_000 };
  const base = gas.buyCover ?? 0;
  print(`holder owns ${total} cover(s); pool has 5,000 covers in the scale case\n`);
  print('operation                     gas        target     ');
  for (const [name, value] of Object.entries(ordered)) {
    const target = targets[name];
    const note = target ? `${target.toLocaleString('en-US').padStart(9)} ${value <= target ? 'met' : 'MISSED'}` : '';
    print(`${name.padEnd(28)} ${value.toLocaleString('en-US').padStart(9)}  ${note}`);
  }
  for (const name of ['buyCoverWith5000Covers', 'buyCoverAfterYearOfBuckets']) {
    const growth = ((gas[name] ?? 0) - base) / base * 100;
    print(`growth ${name} vs buyCover: ${growth.toFixed(2)}% (target <= 2%)`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
