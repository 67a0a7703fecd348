import { getAbiItem } from 'viem';

import { coverManagerAbi } from '../abis/index.js';
import type { BulwarkClient } from '../client.js';
import { InvalidParameterError, type BulwarkError } from '../errors.js';
import { read } from '../internal/write.js';
import { claimsManagerOf, coverManagerOf } from '../internal/contracts.js';

export interface GetIncidentCoversParameters {
  caseId: bigint;
}
/** Covers owed by the incident and not yet paid by it, in id order (what `payIncident` should be given). */
export type GetIncidentCoversReturnType = bigint[];
export type GetIncidentCoversErrorType = BulwarkError;

/**
 * The unpaid covers of an incident: bought on its product (from `CoverBought` logs), not cancelled,
 * active at the incident time and past their waiting period by then.
 */
export async function getIncidentCovers(client: BulwarkClient, parameters: GetIncidentCoversParameters): Promise<GetIncidentCoversReturnType> {
  const coverManager = coverManagerOf(client.deployment);
  const claimsManager = claimsManagerOf(client.deployment);
  return read(async () => {
    const c = await client.public.readContract({ ...claimsManager, functionName: 'getCase', args: [parameters.caseId] });
    if (c.kind !== 1 || c.status === 0) throw new InvalidParameterError(`case ${parameters.caseId} is not an incident`);
    const productId = BigInt(c.subject);
    const product = await client.public.readContract({ ...coverManager, functionName: 'product', args: [productId] });
    const logs = await client.public.getLogs({
      address: coverManager.address,
      event: getAbiItem({ abi: coverManagerAbi, name: 'CoverBought' }),
      args: { productId },
      fromBlock: BigInt(client.deployment.startBlock),
      toBlock: 'latest',
    });
    const owed: bigint[] = [];
    for (const log of logs) {
      const coverId = log.args.coverId;
      if (coverId === undefined) continue;
      const [cover, paid] = await Promise.all([
        client.public.readContract({ ...coverManager, functionName: 'cover', args: [coverId] }),
        client.public.readContract({ ...claimsManager, functionName: 'incidentPaid', args: [parameters.caseId, coverId] }),
      ]);
      if (paid || cover.owner === '0x0000000000000000000000000000000000000000') continue;
      const t = c.incidentTime;
      if (t < cover.start + product.waitingPeriod || t >= cover.end) continue;
      owed.push(coverId);
    }
    return owed.sort((a, b) => (a < b ? -1 : 1));
  });
}
