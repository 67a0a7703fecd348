/**
 * The web app end to end, in real Chromium: a local chain with the demo deployment (startFixture),
 * the real indexer, and the built app served by `startWeb`. The browser signs with the development
 * wallet (anvil's unlocked accounts); the test moves the chain's clock and the mock price feed with
 * the SDK. Screenshots of every page go to apps/web/test-results/.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import {
  buyCover, bulwarkTokenAbi, coverManagerAbi, findDepegProof, getProducts, getTriggerOwedCovers, payTriggerCovers, propose, proveDepeg, pushMockPrice, quote,
} from '@bulwark/sdk';
import type { Page as ApiPage, Proposal } from '@bulwark/indexer/api-types';
import { encodeFunctionData, parseUnits } from 'viem';

import { startIndexer, type Indexer } from '../../../packages/indexer/service.js';
import { DAY, USDC, startFixture, type Fixture } from '../../../packages/sdk/test/fixture.js';
import { anvilAddress } from '../../../scripts/lib/chain.js';
import { startWeb, type WebServer } from '../server.js';
import { en } from '../src/i18n/en.js';
import { zhTW } from '../src/i18n/zh-TW.js';

const PORTS = { anvil: 8731, indexer: 8732, web: 8733 };
const results = join(import.meta.dirname, '..', 'test-results');
const TIMEOUT = 20_000;

let f: Fixture;
let indexer: Indexer;
let web: WebServer;
let browser: Browser;
let page: Page;
let dataDir: string;
const pageErrors: string[] = [];

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeout = TIMEOUT): Promise<T> {
  const deadline = Date.now() + timeout;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** Waits until the locator's text matches; the error shows the last text seen. */
async function text(locator: Locator, pattern: RegExp, timeout = TIMEOUT): Promise<string> {
  let seen = '';
  try {
    return await until(`${pattern} in ${locator}`, async () => {
      seen = (await locator.first().textContent({ timeout: 500 })) ?? '';
      return pattern.test(seen) ? seen : undefined;
    }, timeout);
  } catch (error) {
    throw new Error(`${(error as Error).message}; last text: ${JSON.stringify(seen)}`);
  }
}

/** The number of transactions the status inside `scope` has tracked (0 when none shows). */
async function runs(scope: Locator): Promise<number> {
  const status = scope.getByTestId('tx-status');
  if ((await status.count()) === 0) return 0;
  return Number(await status.last().getAttribute('data-run'));
}

/** Clicks, then waits for the transaction it starts (tracked inside `scope`) to confirm or fail. */
async function act(scope: Locator, button: Locator): Promise<{ state: string; text: string }> {
  const before = await runs(scope);
  await button.click({ timeout: TIMEOUT });
  const status = scope.getByTestId('tx-status').last();
  return until('the transaction to settle', async () => {
    const [run, state] = [Number(await status.getAttribute('data-run', { timeout: 500 })), await status.getAttribute('data-state', { timeout: 500 })];
    return run > before && (state === 'confirmed' || state === 'failed') ? { state, text: (await status.textContent()) ?? '' } : undefined;
  }, 60_000);
}

/** `act`, asserting the transaction confirmed; returns the status text. */
async function confirm(scope: Locator, button: Locator): Promise<string> {
  const result = await act(scope, button);
  assert.equal(result.state, 'confirmed', `transaction failed: ${result.text}`);
  return result.text;
}

async function go(route: string): Promise<void> {
  await page.evaluate((r) => { window.location.hash = r; }, `#/${route}`);
}

async function useAccount(i: number): Promise<void> {
  await page.getByTestId('dev-account').selectOption(String(i));
  const address = anvilAddress(i);
  await until(`account #${i}`, async () => (await page.getByTestId('account').getAttribute('title')) === address);
}

async function shot(name: string): Promise<void> {
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(results, `${name}.png`), fullPage: true });
}

describe('dictionaries', () => {
  const placeholders = (message: string) => [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

  it('have the same keys and the same placeholders in English and Traditional Chinese', () => {
    assert.deepEqual(Object.keys(zhTW).sort(), Object.keys(en).sort());
    for (const [key, message] of Object.entries(en)) {
      const translated = zhTW[key as keyof typeof en];
      assert.ok(translated.trim(), `${key} is empty in zh-TW`);
      assert.deepEqual(placeholders(translated), placeholders(message), `placeholders of ${key}`);
    }
  });

  it('translate every message that has words (names and pure placeholders aside)', () => {
    const same = Object.keys(en).filter((key) => zhTW[key as keyof typeof en] === en[key as keyof typeof en] && /[a-z]{3}/i.test(en[key as keyof typeof en].replace(/\{\w+\}/g, '')));
    assert.deepEqual(same, ['app.name']);
  });
});

describe('web app', { timeout: 300_000 }, () => {
  before(async () => {
    mkdirSync(results, { recursive: true });
    f = await startFixture(PORTS.anvil);
    dataDir = mkdtempSync(join(tmpdir(), 'bulwark-web-indexer-'));
    const deploymentFile = join(f.deploymentsDir, `${f.deployment.chainId}.json`);
    indexer = await startIndexer({ rpcUrl: f.anvil.url, deploymentFile, port: PORTS.indexer, dataDir });
    [web] = await Promise.all([
      startWeb({ port: PORTS.web, rpcUrl: f.anvil.url, indexerUrl: indexer.url, deploymentFile }),
      indexer.ready(),
    ]);
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
    });
    const context = await browser.newContext({ locale: 'en-US', timezoneId: 'UTC', viewport: { width: 1200, height: 900 } });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${web.url}/#/products`);
    await page.getByTestId('connect-dev').click();
    await useAccount(2);
  });

  after(async () => {
    await browser?.close();
    await web?.stop();
    await indexer?.stop();
    await f?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves the runtime configuration, not a baked one', async () => {
    const config = (await (await fetch(`${web.url}/config.json`)).json()) as { rpcUrl: string; deployment: { chainId: number } };
    assert.equal(config.rpcUrl, f.anvil.url);
    assert.equal(config.deployment.chainId, 31337);
    const fallback = await fetch(`${web.url}/some/route`);
    assert.equal(fallback.status, 200, 'SPA fallback');
    assert.match(await fallback.text(), /<div id="root">/);
  });

  it('quotes as the user types and buys cover with one permit signature', async () => {
    const card = page.getByTestId('product-usdc-depeg');
    await card.getByTestId('buy-amount').fill('5000');
    await card.getByTestId('buy-period').fill('30');
    const expected = await quote(f.reader, { productId: 3, amount: USDC('5000'), period: 30 * DAY });
    const shown = await text(card.getByTestId('premium'), /USDC/);
    assert.match(shown.replace(/,/g, ''), new RegExp(`^${(Number(expected) / 1e6).toFixed(2).replace(/\.?0+$/, '')}`), `premium shown ${shown}, quote ${expected}`);
    await card.getByTestId('buy-amount').fill('abc');
    await text(card.getByTestId('buy-problem'), /number/);
    await card.getByTestId('buy-amount').fill('5000');
    await text(card.getByTestId('premium'), /USDC/);
    assert.match(await confirm(card, card.getByTestId('buy-submit')), /Cover #\d+ bought/);
    // An assessed product, bought through the allowance path (approve, then buy).
    const exploit = page.getByTestId('product-aave-v3-exploit');
    await exploit.getByTestId('buy-amount').fill('20000');
    await exploit.getByTestId('buy-period').fill('60');
    await text(exploit.getByTestId('premium'), /USDC/);
    await exploit.getByTestId('buy-permit').uncheck();
    assert.match(await confirm(exploit, exploit.getByTestId('buy-submit')), /Cover #\d+ bought/);
    await shot('products');

    await go('covers');
    await text(page.getByTestId('cover-1'), /Waiting period/);
    await text(page.getByTestId('cover-2'), /20,000 USDC/);
    await shot('covers');
  });

  it('shows the decoded reason of a failed transaction', async () => {
    // Past the refetches that follow the last confirmed transaction (0.8 s and 2.5 s), so the quote
    // the user sees below is not refreshed before the click.
    await page.waitForTimeout(3_000);
    await go('products');
    const card = page.getByTestId('product-exchange-hack');
    await card.getByTestId('buy-amount').fill('100000');
    await card.getByTestId('buy-period').fill('90');
    await text(card.getByTestId('premium'), /USDC/);
    // Someone else's large purchase lifts utilization, so the price moves past the user's 0.5% guard.
    const before = await quote(f.reader, { productId: 2, amount: USDC('100000'), period: 90 * DAY });
    const products = await getProducts(f.reader);
    for (const p of products.filter((p) => p.key === 'aave-v3-exploit' || p.key === 'earthquake')) {
      const amount = p.availableCapacity < p.maxCoverAmount ? p.availableCapacity : p.maxCoverAmount;
      await buyCover(f.as(9), { productId: p.id, amount, period: 365 * DAY, riskKey: p.key === 'earthquake' ? `0x${'11'.repeat(32)}` : undefined });
    }
    const afterQuote = await quote(f.reader, { productId: 2, amount: USDC('100000'), period: 90 * DAY });
    assert.ok(afterQuote * 1000n > before * 1005n, `the price moved: ${before} -> ${afterQuote}`);
    const failed = await act(card, card.getByTestId('buy-submit'));
    assert.equal(failed.state, 'failed');
    assert.match(failed.text, /Premium [\d,.]+ USDC is above the maximum you accepted \([\d,.]+ USDC\); the price moved/);
    // The quote refreshes by itself after the failure: the user sees the new price without retyping.
    const shownAfter = await until('a new quote', async () => {
      const shown = Number(((await card.getByTestId('premium').textContent({ timeout: 500 })) ?? '').replace(/[^\d.]/g, ''));
      return Math.abs(shown - Number(afterQuote) / 1e6) < Number(afterQuote) / 1e6 / 1000 ? shown : undefined;
    });
    assert.ok(shownAfter > Number(before) / 1e6);
    await shot('failed-transaction');
  });

  it('deposits as a capital provider and requests a withdrawal', async () => {
    await go('pools');
    await useAccount(4);
    const position = page.getByTestId('position');
    await text(page.getByTestId('position-value'), /USDC/);
    await position.getByTestId('deposit-amount').fill('2500');
    assert.match(await confirm(position, position.getByTestId('deposit-submit')), /Deposited 2,500 USDC/);
    await text(page.getByTestId('position-shares'), /^402,500$/); // 400,000 from the fixture, at one share per USDC
    const withdrawal = page.getByTestId('withdrawal');
    await withdrawal.getByRole('button', { name: 'All' }).click();
    await confirm(withdrawal, withdrawal.getByTestId('withdraw-request'));
    await text(page.getByTestId('withdraw-state'), /cooling down until/);
    assert.equal(await page.getByTestId('withdraw-execute').isDisabled(), true, 'no withdrawal before the cooldown');
    await text(page.getByTestId('pool-apy'), /%/);
    await shot('pools');
  });

  it('files a claim, assessors vote it through, and the cover shows the payout', async () => {
    await f.advance(2 * DAY); // past the waiting period
    await useAccount(2);
    await go('covers');
    const cover = page.getByTestId('cover-2');
    await cover.getByTestId('claim-open').click();
    const form = cover.getByTestId('claim-form');
    await form.getByTestId('claim-amount').fill('4000');
    await text(form.getByTestId('claim-problem'), /evidence/);
    assert.equal(await form.getByTestId('claim-submit').isDisabled(), true, 'nothing is sent without evidence');
    await form.getByTestId('claim-evidence').fill('ipfs://bafy-evidence/aave-exploit');
    assert.match(await confirm(form, form.getByTestId('claim-submit')), /Claim #1 filed/);
    await form.getByTestId('claim-follow').click();
    await text(page.getByTestId('timeline'), /Filed/);
    assert.equal(await page.getByTestId('evidence').getAttribute('href'), 'https://ipfs.io/ipfs/bafy-evidence/aave-exploit');

    await go('governance');
    for (const i of [5, 6, 7]) {
      await useAccount(i);
      const item = page.getByTestId('queue-1');
      await confirm(item, item.getByTestId('vote-for'));
    }
    await shot('governance');
    await go('cases/1');
    await text(page.getByTestId('timeline'), /For.*For.*For/s);
    await f.advance(3 * DAY + 60);
    await confirm(page.locator('main'), page.getByTestId('resolve'));
    await text(page.getByTestId('status'), /Accepted/);
    await f.advance(2 * DAY + 60);
    await confirm(page.locator('main'), page.getByTestId('pay'));
    await text(page.getByTestId('timeline'), /Paid/);
    await shot('case');
    await useAccount(5); // a voter of the accepted claim collects its share of the voter fee
    assert.match(await confirm(page.locator('main'), page.getByTestId('claim-reward')), /Reward collected: [\d.,]+ USDC/);

    await useAccount(2);
    await go('covers');
    await text(page.getByTestId('cover-2').getByTestId('payouts'), /4,000 USDC/);
  });

  it('executes the withdrawal inside its window, once the cooldown has passed', async () => {
    await useAccount(4);
    await go('pools');
    await text(page.getByTestId('withdraw-state'), /can be withdrawn until/);
    const withdrawal = page.getByTestId('withdrawal');
    await confirm(withdrawal, withdrawal.getByTestId('withdraw-execute'));
    await text(page.getByTestId('withdraw-state'), /No withdrawal requested/);
    await text(page.getByTestId('position-shares'), /^0$/);
    await useAccount(2);
  });

  it('pays de-peg covers automatically and shows the payout under my covers', async () => {
    const depeg = 3;
    await pushMockPrice(f.as(0), { answer: 100_000_000n });
    await pushMockPrice(f.as(0), { answer: 93_000_000n });
    await f.advance(3700);
    await pushMockPrice(f.as(0), { answer: 92_000_000n });
    const proof = await findDepegProof(f.reader, { productId: depeg });
    assert.ok(proof, 'an hour below $0.95');
    const proven = await proveDepeg(f.as(9), { productId: depeg, ...proof });
    const owed = await getTriggerOwedCovers(f.reader, { trigger: 'ChainlinkDepegTrigger', eventId: proven.eventId });
    assert.ok(owed.includes(1n), 'the cover bought in the browser is owed');
    await payTriggerCovers(f.as(0), { trigger: 'ChainlinkDepegTrigger', eventId: proven.eventId, coverIds: owed });
    await go('covers');
    const payout = page.getByTestId('cover-1').getByTestId('payout');
    await text(payout, /400 USDC/); // 8% shortfall at $0.92 of 5,000
    assert.equal(await payout.getAttribute('data-kind'), 'trigger');
    await text(page.getByTestId('cover-1').getByTestId('status'), /Paid/);
    await go('products');
    await text(page.getByTestId('product-usdc-depeg'), /Not on sale/);
  });

  it('votes on a governance proposal', async () => {
    const calldata = encodeFunctionData({ abi: coverManagerAbi, functionName: 'setCancelFee', args: [parseUnits('0.05', 18)] });
    const proposed = await propose(f.as(5), {
      targets: [f.deployment.contracts.CoverManager], values: [0n], calldatas: [calldata], description: 'Lower the cancellation fee to 5%',
    });
    await f.advance(Number(proposed.voteStart - (await f.now())) + 1);
    await useAccount(6);
    await go('governance');
    const card = page.getByTestId(`proposal-${proposed.proposalId}`);
    await text(card.getByTestId('status'), /Voting/);
    await confirm(card, card.getByTestId('proposal-for'));
    await text(card, /For10,000,000 BWK/);
    await shot('governance-proposal');
    // BWK votes once delegated: a new holder delegates to itself in one click.
    const hash = await f.as(5).wallet!.writeContract({ address: f.deployment.contracts.BulwarkToken, abi: bulwarkTokenAbi, functionName: 'transfer', args: [anvilAddress(2), parseUnits('1000', 18)], chain: null });
    await f.reader.public.waitForTransactionReceipt({ hash });
    await useAccount(2);
    await page.reload();
    await text(page.getByTestId('voting-power'), /Your voting power: 0 BWK/);
    await confirm(page.locator('main'), page.getByTestId('delegate'));
    await text(page.getByTestId('voting-power'), /Your voting power: 1,000 BWK/);
  });

  it('shows the transparency dashboard', async () => {
    await go('dashboard');
    await text(page.getByTestId('dash-covers-sold'), /^.*[4-9]$/);
    await text(page.getByTestId('dash-claims-paid'), /4,400 USDC/);
    await page.getByTestId('dash-chart-capital').locator('svg path').first().waitFor();
    // Claims paid over time, from the indexer's cumulative claimsPaid: the 4,000 claim and the 400 de-peg payout.
    const premiums = page.getByTestId('dash-chart-premiums');
    await text(premiums, /Premiums written.*Premiums earned.*Claims paid/s);
    await until('three series drawn', async () => (await premiums.locator('svg path').count()) >= 3);
    await text(page.getByTestId('trigger-events'), /USDC de-peg/);
    await shot('dashboard');
  });

  it('switches to Traditional Chinese, formats per locale and remembers the choice', async () => {
    await page.getByTestId('locale').selectOption('zh-TW');
    await text(page.getByTestId('nav-products'), /^購買保障$/);
    await text(page.locator('h1'), /透明度/);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-TW');
    await page.reload();
    await text(page.getByTestId('nav-covers'), /^我的保障$/);
    await go('covers');
    const period = await text(page.getByTestId('cover-1'), /年.*月.*日/);
    assert.match(period, /已理賠/);
    await shot('covers-zh-TW');
    await go('dashboard');
    await text(page.getByTestId('dash-capital'), /資本/);
    await shot('dashboard-zh-TW');
    await page.getByTestId('locale').selectOption('en');
  });

  it('connects a browser wallet found by EIP-6963 discovery and buys cover with it', async () => {
    // A minimal EIP-1193 wallet announced the EIP-6963 way; anvil signs for its unlocked account #8.
    const context = await browser.newContext({ locale: 'en-US', timezoneId: 'UTC' });
    // A string, not a function: tsx's transform would add helpers the page does not have.
    await context.addInitScript(`(() => {
      const rpcUrl = ${JSON.stringify(f.anvil.url)};
      const account = ${JSON.stringify(anvilAddress(8))};
      let id = 0;
      let authorized = false; // as a real wallet: no account until the site asks and the user agrees
      const provider = {
        async request({ method, params }) {
          if (method === 'eth_requestAccounts') authorized = true;
          if (method === 'eth_requestAccounts' || method === 'eth_accounts') return authorized ? [account] : [];
          if (method === 'wallet_requestPermissions' || method === 'wallet_getPermissions') return [{ parentCapability: 'eth_accounts' }];
          if (method === 'wallet_revokePermissions' || method === 'wallet_switchEthereumChain') return null;
          const response = await fetch(rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params: params ?? [] }) });
          const body = await response.json();
          if (body.error) throw Object.assign(new Error(body.error.message), body.error);
          return body.result;
        },
        on() {},
        removeListener() {},
      };
      const info = { uuid: '6f1c3e0a-52f4-4a43-9d7c-0c1f7f4a6b21', name: 'Test Wallet', rdns: 'org.bulwark.testwallet', icon: 'data:image/svg+xml,%3Csvg xmlns="http://www.w3.org/2000/svg"/%3E' };
      const announce = () => window.dispatchEvent(new CustomEvent('eip6963:announceProvider', { detail: Object.freeze({ info, provider }) }));
      window.addEventListener('eip6963:requestProvider', announce);
      announce();
    })();`);
    const other = await context.newPage();
    other.on('pageerror', (error) => pageErrors.push(error.message));
    try {
      await other.goto(`${web.url}/#/products`);
      await other.getByTestId('connect-org.bulwark.testwallet').click({ timeout: TIMEOUT });
      await until('the injected account', async () => (await other.getByTestId('account').getAttribute('title', { timeout: 500 })) === anvilAddress(8));
      const card = other.getByTestId('product-flight-delay');
      await card.getByTestId('buy-amount').fill('200');
      await card.getByTestId('buy-period').fill('2');
      await card.getByTestId('buy-risk').fill('flight:BA117:2026-12-20');
      await text(card.getByTestId('premium'), /USDC/);
      assert.match(await confirm(card, card.getByTestId('buy-submit')), /Cover #\d+ bought/);
    } finally {
      await context.close();
    }
  });

  it('extends a cover, then cancels it for the unearned premium', async () => {
    const { coverId } = await buyCover(f.as(2), { productId: 2, amount: USDC('10000'), period: 30 * DAY });
    await go('covers');
    const card = page.getByTestId(`cover-${coverId}`);
    await card.getByTestId('extend-days').fill('10', { timeout: TIMEOUT });
    await text(card.getByTestId('manage'), /Extension premium [\d.]+ USDC/);
    assert.match(await confirm(card, card.getByTestId('extend-submit')), new RegExp(`Cover #${coverId} now ends`));
    await card.getByTestId('cancel-open').click();
    assert.match(await confirm(card, card.getByTestId('cancel-submit')), /Cover cancelled: [\d,.]+ USDC refunded/);
    await text(card.getByTestId('status'), /Cancelled/);
  });

  it('creates a proposal, assessors vote it through, then it is queued and executed in the browser', async () => {
    const exchangeHack = 2;
    await go('governance');
    // 1,000 BWK (delegated above) is far below the threshold: the form says so before anything is signed.
    await useAccount(2);
    const form = page.getByTestId('new-proposal');
    await text(form.getByTestId('proposal-threshold'), /Your 1,000 BWK of votes is below the proposal threshold of 100,000 BWK/);
    await form.getByTestId('proposal-value').fill('3');
    assert.equal(await form.getByTestId('proposal-submit').isDisabled(), true, 'no proposal below the threshold');

    await useAccount(5);
    await text(form.getByTestId('proposal-threshold'), /Proposing needs 100,000 BWK of votes; you have 9,999,000 BWK/);
    await form.getByTestId('proposal-product').selectOption(String(exchangeHack));
    await form.getByTestId('proposal-param').selectOption('baseRate');
    await text(form.getByTestId('proposal-current'), /Now [\d.]+%/);
    await form.getByTestId('proposal-value').fill('3');
    const description = 'Raise the exchange hack base rate to 3%';
    await form.getByTestId('proposal-description').fill(description);
    assert.match(await confirm(form, form.getByTestId('proposal-submit')), /Proposal \d+… created; voting opens/);
    const proposal = await until('the proposal indexed', async () => {
      const list = (await (await fetch(`${indexer.url}/api/proposals?limit=50`)).json()) as ApiPage<Proposal>;
      return list.items.find((p) => p.description === description);
    });

    await f.advance(Number(BigInt(proposal.voteStart) - (await f.now())) + 1);
    await page.reload();
    const card = page.getByTestId(`proposal-${proposal.id}`);
    await text(card.getByTestId('status'), /Voting/);
    await text(card.getByTestId('proposal-calls'), /Custodial exchange hack · .*: base rate 3%, cap [\d.]+% of capital/);
    for (const i of [5, 6, 7, 8]) {
      await useAccount(i);
      await confirm(card, card.getByTestId('proposal-for'));
    }
    await text(card, /For39,999,000 BWK/);
    await f.advance(Number(BigInt(proposal.voteEnd) - (await f.now())) + 1);
    await page.reload();
    await text(card.getByTestId('status'), /Succeeded/);
    assert.match(await confirm(card, card.getByTestId('proposal-queue')), /Queued: executable from/);
    await text(card.getByTestId('status'), /Queued/);
    await text(card.getByTestId('proposal-eta'), /Executable from/);
    assert.equal(await card.getByTestId('proposal-execute').isDisabled(), true, 'not before the timelock delay');
    await shot('governance-queued');

    await f.advance(2 * DAY + 60);
    await page.reload();
    await until('execute enabled', async () => !(await card.getByTestId('proposal-execute').isDisabled({ timeout: 500 })));
    await confirm(card, card.getByTestId('proposal-execute'));
    await text(card.getByTestId('status'), /Executed/);
    const product = (await getProducts(f.reader)).find((p) => p.id === exchangeHack)!;
    assert.equal(product.baseRateWad, parseUnits('0.03', 18), 'the timelock changed the base rate');
    await shot('governance-executed');
  });

  it('reports an incident, assessors accept it, and the covers are paid from the browser', async () => {
    const exchangeHack = 2;
    const { coverId } = await buyCover(f.as(2), { productId: exchangeHack, amount: USDC('10000'), period: 60 * DAY });
    const product = (await getProducts(f.reader)).find((p) => p.id === exchangeHack)!;
    await f.advance(product.waitingPeriod + 120);
    const incidentTime = Number(await f.now()) - 60;
    await useAccount(2);
    await go('products');
    const card = page.getByTestId('product-exchange-hack');
    await card.getByTestId('incident-open').click();
    const form = card.getByTestId('incident-form');
    await text(form.getByTestId('incident-bond'), /Bond 500 USDC/);
    // The browser's time zone is UTC (the context's), so the input's local time is UTC.
    await form.getByTestId('incident-time').fill(new Date(incidentTime * 1000).toISOString().slice(0, 16));
    await form.getByTestId('incident-share').fill('50');
    await text(form.getByTestId('incident-problem'), /evidence/);
    await form.getByTestId('incident-evidence').fill('ipfs://bafy-incident/exchange-hack');
    const reported = await confirm(form, form.getByTestId('incident-submit'));
    const caseId = /Incident #(\d+) reported/.exec(reported)?.[1];
    assert.ok(caseId, reported);
    await shot('incident-reported');

    await go('governance');
    for (const i of [5, 6, 7]) {
      await useAccount(i);
      const item = page.getByTestId(`queue-${caseId}`);
      await confirm(item, item.getByTestId('vote-for'));
    }
    await go(`cases/${caseId}`);
    await f.advance(3 * DAY + 60);
    await page.reload();
    await confirm(page.locator('main'), page.getByTestId('resolve'));
    await text(page.getByTestId('status'), /Accepted/);
    await f.advance(2 * DAY + 60);
    await page.reload();
    await confirm(page.locator('main'), page.getByTestId('settle'));
    await text(page.getByTestId('status'), /Payable/);
    const pay = page.getByTestId('pay-covers');
    await text(pay.getByTestId('pay-incident'), /Pay the covers \(1 owed\)/);
    assert.match(await confirm(pay, pay.getByTestId('pay-incident')), /Covers paid: 1, 5,000 USDC in all/);
    await text(pay, /Every cover owed by this incident is paid/);
    await shot('incident-paid');

    await useAccount(2);
    await go('covers');
    await text(page.getByTestId(`cover-${coverId}`).getByTestId('payouts'), /5,000 USDC/);
  });

  it('explains a price with the actuarial engine, in both languages', async () => {
    await go('products');
    const card = page.getByTestId('product-aave-v3-exploit');
    await card.getByTestId('why-open').click();
    const why = card.getByTestId('why-price');
    await text(why.getByTestId('why-model'), /^[\d.]+%$/, 30_000);
    await text(why.getByTestId('why-el'), /^[\d.]+%$/);
    await text(why.getByTestId('why-chain'), /^[\d.]+%$/);
    await text(why.getByTestId('why-data'), /339 DeFi exploits/);
    await text(why, /Capital charge\+ [\d.]+%/);
    await shot('why-this-price');
    await page.getByTestId('locale').selectOption('zh-TW');
    await text(why.locator('summary'), /^為何是這個價格$/);
    await text(why, /預期損失[\d.]+%/);
    await text(why.getByTestId('why-data'), /DeFi 攻擊事件/);
    await shot('why-this-price-zh-TW');
    await page.getByTestId('locale').selectOption('en');
  });

  it('ran without uncaught errors in the page', () => {
    assert.deepEqual(pageErrors, []);
  });
});
