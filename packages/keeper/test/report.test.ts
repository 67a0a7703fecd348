import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { encodeAbiParameters, hexToBigInt, keccak256, stringToBytes, type Address } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';

import { makeReport, normalizeFlight, recoverReportSigner, reportDomain, reportNonce, riskKeys, signReport, sortSignatures, type Report } from '../src/index.js';
import { testKeys } from './helpers.js';

const trigger: Address = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const domain = reportDomain(31337, trigger);

const report: Report = makeReport({
  productId: 3n,
  riskKey: riskKeys.flight('LH4567', '2026-11-26'),
  eventTime: 1795687200n,
  observedValue: 50n,
  tier: 1,
});

describe('risk keys', () => {
  test('flight key hashes "flight:<FLIGHT>:<date>" after normalizing the flight', () => {
    assert.equal(riskKeys.flight(' lh 4567 ', '2026-11-26'), keccak256(stringToBytes('flight:LH4567:2026-11-26')));
    assert.equal(normalizeFlight('ba117'), 'BA117');
    assert.equal(normalizeFlight('U2 8001'), 'U28001');
  });
  test('bad flights and dates throw', () => {
    for (const bad of ['', 'B', 'BA', 'BA12345', '117BA', 'BA-117', 'B@117']) assert.throws(() => riskKeys.flight(bad, '2026-11-26'), /not a flight number/, bad);
    for (const bad of ['2026-13-01', '2026-02-29', '26-11-26', '2026-11-26T00:00Z']) assert.throws(() => riskKeys.flight('BA117', bad), /YYYY-MM-DD/, bad);
  });
  test('quake key hashes "quake:<region>"', () => {
    assert.equal(riskKeys.quake('tokyo'), keccak256(stringToBytes('quake:tokyo')));
    assert.throws(() => riskKeys.quake(' tokyo'));
    assert.throws(() => riskKeys.quake(''));
  });
});

describe('nonce', () => {
  test('deterministic: keccak256(abi.encode(productId, riskKey, eventTime, tier))', () => {
    const expected = hexToBigInt(
      keccak256(encodeAbiParameters([{ type: 'uint256' }, { type: 'bytes32' }, { type: 'uint64' }, { type: 'uint8' }], [3n, report.riskKey, 1795687200n, 1])),
    );
    assert.equal(report.nonce, expected);
    assert.equal(reportNonce(3n, report.riskKey, 1795687200n, 1), expected);
  });
  test('independent of the observed value, different per tier, product and event', () => {
    assert.equal(makeReport({ ...report, observedValue: 52n }).nonce, report.nonce);
    assert.notEqual(makeReport({ ...report, tier: 2 }).nonce, report.nonce);
    assert.notEqual(makeReport({ ...report, productId: 4n }).nonce, report.nonce);
    assert.notEqual(makeReport({ ...report, eventTime: 1795687201n }).nonce, report.nonce);
  });
});

describe('signing', () => {
  test('a signature recovers to its signer', async () => {
    const account = privateKeyToAccount(testKeys[0]);
    const signed = await signReport(account, domain, report);
    assert.equal(signed.signer, account.address);
    assert.equal(await recoverReportSigner(domain, report, signed.signature), account.address);
  });
  test('a signature does not recover to the signer for another report, chain or contract', async () => {
    const account = privateKeyToAccount(testKeys[0]);
    const { signature } = await signReport(account, domain, report);
    assert.notEqual(await recoverReportSigner(domain, { ...report, observedValue: 51n }, signature), account.address);
    assert.notEqual(await recoverReportSigner(reportDomain(1, trigger), report, signature), account.address);
    assert.notEqual(await recoverReportSigner(reportDomain(31337, '0x0000000000000000000000000000000000000001'), report, signature), account.address);
  });
  test('negative observed values (cancellation) sign and recover', async () => {
    const account = privateKeyToAccount(testKeys[1]);
    const cancelled = makeReport({ ...report, observedValue: -1n, tier: 3 });
    const { signature } = await signReport(account, domain, cancelled);
    assert.equal(await recoverReportSigner(domain, cancelled, signature), account.address);
  });
  test('sortSignatures orders by signer address ascending and rejects a duplicate signer', async () => {
    const signed = await Promise.all(testKeys.map((k) => signReport(privateKeyToAccount(k), domain, report)));
    const sorted = sortSignatures(signed);
    const addresses = sorted.map((s) => hexToBigInt(s.signer));
    for (let i = 1; i < addresses.length; i++) assert.ok(addresses[i - 1]! < addresses[i]!);
    assert.deepEqual(new Set(sorted), new Set(signed));
    assert.deepEqual(sortSignatures([...signed].reverse()), sorted);
    assert.throws(() => sortSignatures([signed[0]!, signed[1]!, signed[0]!]), /signed twice/);
  });
});
