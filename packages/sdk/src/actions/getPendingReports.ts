import type { Hex } from 'viem';

import type { BulwarkClient } from '../client.js';
import type { BulwarkError } from '../errors.js';
import { reportTriggerOf } from '../internal/contracts.js';
import { read } from '../internal/write.js';

export interface PendingReportInfo {
  reportId: bigint;
  productId: number;
  riskKey: Hex;
  eventTime: number;
  tier: number;
  payoutWad: bigint;
  finalizableAt: number;
}

export interface GetPendingReportsParameters {
  /** Only reports with ids above this (default 0). */
  afterReportId?: bigint | undefined;
}
export type GetPendingReportsReturnType = PendingReportInfo[];
export type GetPendingReportsErrorType = BulwarkError;

/** Reports waiting out their dispute window (neither voided nor finalized yet). */
export async function getPendingReports(client: BulwarkClient, parameters: GetPendingReportsParameters = {}): Promise<GetPendingReportsReturnType> {
  const trigger = reportTriggerOf(client.deployment);
  return read(async () => {
    const count = await client.public.readContract({ ...trigger, functionName: 'reportCount' });
    const from = (parameters.afterReportId ?? 0n) + 1n;
    const ids = Array.from({ length: Math.max(0, Number(count - from + 1n)) }, (_, i) => from + BigInt(i));
    const reports = await Promise.all(ids.map(async (reportId) => ({ reportId, r: await client.public.readContract({ ...trigger, functionName: 'getReport', args: [reportId] }) })));
    return reports
      .filter(({ r }) => r.status === 1) // ReportStatus.Pending
      .map(({ reportId, r }) => ({
        reportId, productId: r.productId, riskKey: r.riskKey, eventTime: r.eventTime, tier: r.tier, payoutWad: r.payoutWad, finalizableAt: r.finalizableAt,
      }));
  });
}
