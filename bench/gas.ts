/**
 * Gas benchmark: receipt gas (21,000 base included) of every user action, measured on a real anvil
 * with the premium paid in a standard OpenZeppelin ERC-20 (MockUSDC, 6 decimals), default EVM version.
 * Purchases and extensions send `maxPremium` as the SDK and the web app do: the quote + 0.5%.
 * Prints a table and writes bench/gas.json (flat: operation -> gas). One entry is not a receipt:
 * `incidentPayoutPerCover` = (receipt gas of one payIncident paying 100 covers - 21,000) / 100.
 *
 * The deployment keeps the deployer as admin of everything (nothing handed to the timelock), so the
 * benchmark can point product 1's claim route at a plain account to measure `payout` directly; the
 * claims measurements are real ClaimsManager calls through the CoverManager.
 *
 *   npm run bench:gas
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getAddress, maxUint256, parseEventLogs, parseUnits, type Abi, type Address, type TransactionReceipt } from 'viem';

import { math } from '@bulwark/sdk';

import { loadArtifact } from '../scripts/lib/artifacts.js';
import { anvilAddress, anvilKey, deploy, localClients, send, withKey, type Clients } from '../scripts/lib/chain.js';
import { demoConfig, deployBulwark, PayoutRule, wad, type DeployConfig } from '../scripts/lib/deploy.js';
import { forgeBuild, ROOT, startAnvil } from '../scripts/lib/foundry.js';

/** Program output (this is a command, not library code). */
const print = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

const DAY = 86_400;
const usdc = (value: string): bigint => parseUnits(value, 6);
const key = anvilKey;
const address = anvilAddress;

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

  // The demo's pool, token and governance, with 10% of the BWK each to accounts 6-9 (the voters).
  const voters = others;
  const config: DeployConfig = {
    ...demoConfig({ guardian: address(1), assessors: [6, 7, 8, 9].map(address) }),
    feeds: {}, // no price feed: the deployment (and its addresses) as the benchmark has always measured it
    handOverToTimelock: false,
    cancelFeeWad: wad('0.1'), guardianPauseLimit: 7 * DAY,
    pool: { leverageWad: wad('3'), curve: { kinkWad: wad('0.8'), slope1Wad: wad('0.5'), slope2Wad: wad('5') }, cooldown: 7 * DAY, window: 3 * DAY },
    products: [{
      key: 'bench', name: 'Benchmark exploit cover', kind: 'protocol-exploit', payoutRule: PayoutRule.Assessed, baseRateWad: wad('0.025'),
      capWad: wad('1'), maxCoverAmount: usdc('1000000'), minPeriod: DAY, maxPeriod: 2 * 365 * DAY,
      waitingPeriod: DAY, claimGracePeriod: 30 * DAY, termsURI: 'ipfs://bench',
    }],
  };
  const d = await deployBulwark(admin, config);
  const token = { address: d.asset.address, abi: loadArtifact('MockUSDC').abi };
  const manager = { address: d.contracts.CoverManager, abi: loadArtifact('CoverManager').abi };
  const pool = { address: d.contracts.CoverPool, abi: loadArtifact('CoverPool').abi };
  const claims = { address: d.contracts.ClaimsManager, abi: loadArtifact('ClaimsManager').abi };
  const bwk = { address: d.contracts.BulwarkToken, abi: loadArtifact('BulwarkToken').abi };

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
  // Claimants pay deposits and bonds to the ClaimsManager; voters' power is read at each case's
  // snapshot (filing time - 1), so they delegate long before anything is filed.
  for (const c of [holder, ...others]) await send(c, { ...token, functionName: 'approve', args: [claims.address, maxUint256] });
  for (const c of voters) await send(c, { ...bwk, functionName: 'delegate', args: [c.wallet.account.address] });

  const deposit = (c: Clients, amount: bigint) =>
    send(c, { ...pool, functionName: 'deposit', args: [amount, c.wallet.account.address] });
  // As the SDK and the web app send it: maxPremium = the quote + their default 0.5% tolerance.
  const buy = async (c: Clients, amount: bigint, days: number) => {
    const period = BigInt(days * DAY);
    const quoted = (await admin.public.readContract({ ...manager, functionName: 'quote', args: [1n, amount, period] })) as bigint;
    const maxPremium = math.maxPremiumFor(quoted);
    return send(c, {
      ...manager, functionName: 'buyCover',
      args: [{ productId: 1n, riskKey: `0x${'0'.repeat(64)}`, amount, period, maxPremium, recipient: c.wallet.account.address }],
    });
  };

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
  const extendQuote = (await admin.public.readContract({ ...manager, functionName: 'quoteExtend', args: [11n, BigInt(30 * DAY)] })) as bigint;
  const extendMax = math.maxPremiumFor(extendQuote);
  record('extendCover', await send(holder, { ...manager, functionName: 'extendCover', args: [11n, BigInt(30 * DAY), extendMax] }));
  record('cancelCover', await send(holder, { ...manager, functionName: 'cancelCover', args: [12n, 0n] }));
  await warp(2 * DAY);
  const block = await admin.public.getBlock();
  // The direct payout entry point, from a plain account made product 1's claim route (the slot
  // written is the one `payout` reads either way, so this does not change the measurement).
  const product1 = (await admin.public.readContract({ ...manager, functionName: 'product', args: [1n] })) as Record<string, unknown>;
  await send(admin, { ...manager, functionName: 'updateProduct', args: [1n, { ...product1, claimRoute: route.wallet.account.address }] });
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
  const s2 = await rpc('evm_snapshot', []);
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

  // Claims, from the state of buyCover (11 covers, product 1 routed to the ClaimsManager).
  await rpc('evm_revert', [s2]);
  await measureClaims({ admin, holder, voters, token, manager, claims, record, warp });

  const ordered = Object.fromEntries(Object.entries(gas).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(join(ROOT, 'bench', 'gas.json'), JSON.stringify(ordered, null, 2) + '\n');

  const targets: Record<string, number> = {
    buyCover: 120_000, buyCoverFirst: 170_000, deposit: 90_000, payout: 60_000,
    fileClaim: 120_000, castVote: 80_000, incidentPayoutPerCover: 45_000,
  };
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

interface Contract {
  address: Address;
  abi: Abi;
}

/**
 * fileClaimFirst: the ClaimsManager's first case (its first deposit, the pool's first open claim).
 * fileClaim: a later claim while another is open. castVoteFirst / castVote: the first and second
 * voter on a case. resolve: an accepted claim. payClaim: paying it after the challenge period.
 * reportIncident, then incidentPayoutPerCover: one payIncident paying 100 covers, each owned by a
 * distinct address that already holds USDC, after settleIncident (which is not counted).
 */
async function measureClaims(ctx: {
  admin: Clients;
  holder: Clients;
  voters: Clients[];
  token: Contract;
  manager: Contract;
  claims: Contract;
  record: (name: string, receipt: TransactionReceipt) => void;
  warp: (seconds: number) => Promise<void>;
}): Promise<void> {
  const { admin, holder, voters, token, manager, claims, record, warp } = ctx;
  const [v1, v2, v3] = voters;
  if (!v1 || !v2 || !v3) throw new Error('three voters needed');
  const now = async () => (await admin.public.getBlock()).timestamp;
  const caseIdOf = (receipt: TransactionReceipt, eventName: 'ClaimFiled' | 'IncidentReported'): bigint => {
    const [event] = parseEventLogs({ abi: claims.abi, logs: receipt.logs, eventName });
    const caseId = (event?.args as { caseId?: bigint } | undefined)?.caseId;
    if (caseId === undefined) throw new Error(`no ${eventName} event`);
    return caseId;
  };

  await warp(2 * DAY); // past the waiting period of covers 1-11
  // Evidence and reports name an IPFS CIDv1 (the length matters: calldata and the event carry it).
  const evidence = 'ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi';
  const incidentTime = (await now()) - 60n;
  // Cover 11 is the holder's; cover 2 belongs to the second voter (a voter may claim on its own cover).
  const first = await send(holder, { ...claims, functionName: 'fileClaim', args: [11n, usdc('5000'), incidentTime, evidence] });
  record('fileClaimFirst', first);
  const caseId = caseIdOf(first, 'ClaimFiled');
  record('fileClaim', await send(v2, { ...claims, functionName: 'fileClaim', args: [2n, usdc('500'), incidentTime, evidence] }));

  record('castVoteFirst', await send(v1, { ...claims, functionName: 'castVote', args: [caseId, true] }));
  record('castVote', await send(v2, { ...claims, functionName: 'castVote', args: [caseId, true] }));
  await send(v3, { ...claims, functionName: 'castVote', args: [caseId, false] });
  await warp(3 * DAY + 1);
  record('resolve', await send(admin, { ...claims, functionName: 'resolve', args: [caseId] }));
  await warp(2 * DAY + 1);
  record('payClaim', await send(admin, { ...claims, functionName: 'payClaim', args: [caseId] }));

  // 100 covers, each for a distinct address that already holds USDC, then an incident paying them.
  const firstRecipient = 0x20000n;
  const bulkArtifact = loadArtifact('BulkBuyer');
  const bulk = await deploy(admin, bulkArtifact);
  await send(admin, { ...token, functionName: 'faucet', args: [bulk.address, usdc('1000000')] });
  const bought = await send(admin, {
    address: bulk.address, abi: bulkArtifact.abi, functionName: 'buyMany',
    args: [manager.address, token.address, { productId: 1n, riskKey: `0x${'0'.repeat(64)}`, amount: usdc('1000'), period: BigInt(30 * DAY), maxPremium: maxUint256, recipient: address(0) }, 100n, firstRecipient],
  });
  const coverIds = parseEventLogs({ abi: manager.abi, logs: bought.logs, eventName: 'CoverBought' })
    .map((event) => (event.args as { coverId: bigint }).coverId);
  if (coverIds.length !== 100) throw new Error(`bought ${coverIds.length} covers, not 100`);
  for (let i = 0n; i < 100n; i++) {
    await send(admin, { ...token, functionName: 'faucet', args: [getAddress(`0x${(firstRecipient + i).toString(16).padStart(40, '0')}`), usdc('10')] });
  }
  await warp(DAY + 1); // past their waiting period
  const reported = await send(holder, { ...claims, functionName: 'reportIncident', args: [1n, (await now()) - 1n, wad('0.5'), evidence] });
  record('reportIncident', reported);
  const incidentId = caseIdOf(reported, 'IncidentReported');
  await send(v1, { ...claims, functionName: 'castVote', args: [incidentId, true] });
  await send(v2, { ...claims, functionName: 'castVote', args: [incidentId, true] });
  await warp(3 * DAY + 1);
  await send(admin, { ...claims, functionName: 'resolve', args: [incidentId] });
  await warp(2 * DAY + 1);
  await send(admin, { ...claims, functionName: 'settleIncident', args: [incidentId] });
  const paid = await send(admin, { ...claims, functionName: 'payIncident', args: [incidentId, coverIds] });
  record('incidentPayoutPerCover', { ...paid, gasUsed: BigInt(Math.round(Number(paid.gasUsed - 21_000n) / 100)) });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
