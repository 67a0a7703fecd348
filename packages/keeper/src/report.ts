import { InvalidParameterError } from '@bulwark/sdk';
import {
  encodeAbiParameters,
  getAddress,
  hashTypedData,
  hexToBigInt,
  keccak256,
  recoverTypedDataAddress,
  stringToBytes,
  type Address,
  type Hex,
  type LocalAccount,
} from 'viem';

/**
 * The EIP-712 report that SignedReportTrigger verifies:
 *
 *   domain { name: "Bulwark SignedReportTrigger", version: "1", chainId, verifyingContract }
 *   Report(uint256 productId,bytes32 riskKey,uint64 eventTime,int256 observedValue,uint8 tier,uint256 nonce)
 *
 * The contract takes m-of-n signatures ordered by signer address, ascending (`sortSignatures`).
 */

export const REPORT_DOMAIN_NAME = 'Bulwark SignedReportTrigger';
export const REPORT_DOMAIN_VERSION = '1';

export const reportTypes = {
  Report: [
    { name: 'productId', type: 'uint256' },
    { name: 'riskKey', type: 'bytes32' },
    { name: 'eventTime', type: 'uint64' },
    { name: 'observedValue', type: 'int256' },
    { name: 'tier', type: 'uint8' },
    { name: 'nonce', type: 'uint256' },
  ],
} as const;

export interface ReportDomain {
  name: typeof REPORT_DOMAIN_NAME;
  version: typeof REPORT_DOMAIN_VERSION;
  chainId: number;
  verifyingContract: Address;
}

/** Tier 0 means "no event": it is never signed. */
export type Tier = 1 | 2 | 3;

export interface Report {
  productId: bigint;
  /** `riskKeys.flight(...)` or `riskKeys.quake(...)`. */
  riskKey: Hex;
  /** Unix seconds of the event (a flight's scheduled departure, a quake's origin time). */
  eventTime: bigint;
  /** Delay in minutes (-1: cancelled), or magnitude x 10. */
  observedValue: bigint;
  tier: Tier;
  /** `reportNonce(productId, riskKey, eventTime, tier)`. */
  nonce: bigint;
}

export interface ReportSignature {
  signer: Address;
  signature: Hex;
}

export function reportDomain(chainId: number, verifyingContract: Address): ReportDomain {
  return { name: REPORT_DOMAIN_NAME, version: REPORT_DOMAIN_VERSION, chainId, verifyingContract: getAddress(verifyingContract) };
}

const flightPattern = /^(?:[A-Z]{2}|[A-Z]\d|\d[A-Z])\d{1,4}[A-Z]?$/;
const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Upper-cases and strips spaces: ` ba 117 ` -> `BA117`; throws unless it is an IATA flight number. */
export function normalizeFlight(flight: string): string {
  const normalized = flight.replace(/\s+/g, '').toUpperCase();
  if (!flightPattern.test(normalized)) {
    throw new InvalidParameterError(`"${flight}" is not a flight number (airline code and 1-4 digits, like BA117 or LH4567)`);
  }
  return normalized;
}

/** Throws unless `date` is a real calendar date written YYYY-MM-DD. */
export function validateDate(date: string): string {
  const m = datePattern.exec(date);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!m || !d || d.toISOString().slice(0, 10) !== date) throw new InvalidParameterError(`"${date}" is not a date written YYYY-MM-DD`);
  return date;
}

/** Risk keys as covers are bought for them (the cover's `riskKey`). */
export const riskKeys = {
  /** keccak256(bytes("flight:BA117:2026-11-26")); the flight is normalized first. */
  flight(flight: string, date: string): Hex {
    return keccak256(stringToBytes(`flight:${normalizeFlight(flight)}:${validateDate(date)}`));
  },
  /** keccak256(bytes("quake:<region>")); the region name is taken exactly as given. */
  quake(region: string): Hex {
    if (region.length === 0 || region.trim() !== region) {
      throw new InvalidParameterError(`quake region "${region}" must be non-empty with no surrounding spaces`);
    }
    return keccak256(stringToBytes(`quake:${region}`));
  },
} as const;

/**
 * The nonce of a report: uint256(keccak256(abi.encode(productId, riskKey, eventTime, tier))).
 * It depends only on what was observed, not on who observed it or the exact value, so every oracle
 * node signs the same nonce for the same event and tier, and one event can be reported once per tier.
 */
export function reportNonce(productId: bigint, riskKey: Hex, eventTime: bigint, tier: Tier): bigint {
  return hexToBigInt(
    keccak256(
      encodeAbiParameters([{ type: 'uint256' }, { type: 'bytes32' }, { type: 'uint64' }, { type: 'uint8' }], [productId, riskKey, eventTime, tier]),
    ),
  );
}

/** Builds a report with its deterministic nonce. */
export function makeReport(fields: Omit<Report, 'nonce'>): Report {
  return { ...fields, nonce: reportNonce(fields.productId, fields.riskKey, fields.eventTime, fields.tier) };
}

/** The EIP-712 digest of `report` (what the signers sign). */
export function hashReport(domain: ReportDomain, report: Report): Hex {
  return hashTypedData({ domain, types: reportTypes, primaryType: 'Report', message: report });
}

export async function signReport(account: LocalAccount, domain: ReportDomain, report: Report): Promise<ReportSignature> {
  const signature = await account.signTypedData({ domain, types: reportTypes, primaryType: 'Report', message: report });
  return { signer: getAddress(account.address), signature };
}

/** The address that signed `report` with `signature`. */
export function recoverReportSigner(domain: ReportDomain, report: Report, signature: Hex): Promise<Address> {
  return recoverTypedDataAddress({ domain, types: reportTypes, primaryType: 'Report', message: report, signature });
}

/**
 * Signatures ordered by signer address ascending (numerically), as the contract requires; a copy.
 * Throws if a signer appears twice (the contract would reject the batch).
 */
export function sortSignatures(signatures: readonly ReportSignature[]): ReportSignature[] {
  const sorted = [...signatures].sort((a, b) => {
    const x = hexToBigInt(a.signer);
    const y = hexToBigInt(b.signer);
    return x < y ? -1 : x > y ? 1 : 0;
  });
  for (let i = 1; i < sorted.length; i++) {
    if (hexToBigInt(sorted[i]!.signer) === hexToBigInt(sorted[i - 1]!.signer)) {
      throw new InvalidParameterError(`signer ${sorted[i]!.signer} signed twice`);
    }
  }
  return sorted;
}
