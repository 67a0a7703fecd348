import { BulwarkContractError, submitReport, type BulwarkClient } from '@bulwark/sdk';
import { getAddress, type LocalAccount } from 'viem';

import { silentLogger, type Logger } from './log.js';
import type { SubmitReport } from './oracle.js';
import { signReport, sortSignatures, type ReportDomain } from './report.js';

/**
 * The oracle node's `submit` hook wired to the SDK's `submitReport` (SignedReportTrigger).
 *
 * - A `NonceUsed` or `RiskAlreadyTriggered` revert means the report (or another report of the same
 *   risk) is already on chain, e.g. submitted before a crash or by another node: it counts as
 *   submitted, not as rejected.
 * - `cosigners` is a LOCAL SHORTCUT: extra oracle keys held by this same process, each signing the
 *   report so one node reaches the trigger's threshold (2 of 3 on the local chain: accounts 10 and
 *   11). A real deployment runs one node per signer, on separate machines, and the nodes exchange
 *   signatures of the same report (same deterministic nonce) before one of them submits; that
 *   exchange is not implemented here.
 */
export interface ReportSubmitterOptions {
  /** Client with the wallet that pays the gas (any account: submitting is permissionless). */
  client: BulwarkClient;
  domain: ReportDomain;
  cosigners?: readonly LocalAccount[];
  logger?: Logger;
}

export const ALREADY_SUBMITTED_ERRORS: readonly string[] = ['NonceUsed', 'RiskAlreadyTriggered'];

export function reportSubmitter(options: ReportSubmitterOptions): SubmitReport {
  const log = (options.logger ?? silentLogger).child({ component: 'submit' });
  const cosigners = options.cosigners ?? [];
  return async (report, signatures) => {
    const have = new Set(signatures.map((s) => getAddress(s.signer)));
    const extra = await Promise.all(cosigners.filter((a) => !have.has(getAddress(a.address))).map((a) => signReport(a, options.domain, report)));
    const all = sortSignatures([...signatures, ...extra]);
    try {
      const r = await submitReport(options.client, { report, signatures: all.map((s) => s.signature) });
      log.info('report submitted on chain', { nonce: report.nonce, reportId: r.reportId, finalizableAt: r.finalizableAt, txHash: r.hash, signers: all.map((s) => s.signer) });
      return { txHash: r.hash };
    } catch (error) {
      if (error instanceof BulwarkContractError && ALREADY_SUBMITTED_ERRORS.includes(error.errorName)) {
        log.info('report already on chain', { nonce: report.nonce, errorName: error.errorName });
        return {};
      }
      throw error;
    }
  };
}
