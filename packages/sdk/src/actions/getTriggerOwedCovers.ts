import { getAbiItem, zeroAddress, zeroHash } from 'viem';

import { coverManagerAbi } from '../abis/index.js';
import type { BulwarkClient } from '../client.js';
import type { BulwarkError } from '../errors.js';
import { coverManagerOf, triggerOf, type TriggerName } from '../internal/contracts.js';
import { read } from '../internal/write.js';

export interface GetTriggerOwedCoversParameters {
  trigger: TriggerName;
  eventId: bigint;
}
/** Covers owed by the event and not yet paid for it, in id order (what `payTriggerCovers` takes). */
export type GetTriggerOwedCoversReturnType = bigint[];
export type GetTriggerOwedCoversErrorType = BulwarkError;

/**
 * The unpaid covers of a trigger event: bought on its product for its risk key (from `CoverBought`
 * logs), not cancelled, with something left to pay, active at the event's time and past their waiting
 * period by then — exactly the covers `payCovers` accepts.
 */
export async function getTriggerOwedCovers(client: BulwarkClient, parameters: GetTriggerOwedCoversParameters): Promise<GetTriggerOwedCoversReturnType> {
  const trigger = triggerOf(client.deployment, parameters.trigger);
  const coverManager = coverManagerOf(client.deployment);
  return read(async () => {
    const e = await client.public.readContract({ ...trigger, functionName: 'getEvent', args: [parameters.eventId] });
    const productId = BigInt(e.productId);
    const [product, logs] = await Promise.all([
      client.public.readContract({ ...coverManager, functionName: 'product', args: [productId] }),
      client.public.getLogs({
        address: coverManager.address,
        event: getAbiItem({ abi: coverManagerAbi, name: 'CoverBought' }),
        args: { productId },
        fromBlock: BigInt(client.deployment.startBlock),
        toBlock: 'latest',
      }),
    ]);
    const candidates = logs
      .filter((log) => e.riskKey === zeroHash || log.args.riskKey === e.riskKey)
      .map((log) => log.args.coverId)
      .filter((id): id is bigint => id !== undefined);
    const owed: bigint[] = [];
    // Read in slices so thousands of covers do not open thousands of requests at once.
    for (let i = 0; i < candidates.length; i += 200) {
      const slice = candidates.slice(i, i + 200);
      const rows = await Promise.all(
        slice.map(async (coverId) => {
          const [cover, paid] = await Promise.all([
            client.public.readContract({ ...coverManager, functionName: 'cover', args: [coverId] }),
            client.public.readContract({ ...trigger, functionName: 'isPaid', args: [parameters.eventId, coverId] }),
          ]);
          return { coverId, cover, paid };
        }),
      );
      for (const { coverId, cover, paid } of rows) {
        if (paid || cover.owner === zeroAddress || cover.amount === 0n) continue;
        if (e.incidentTime < cover.start + product.waitingPeriod || e.incidentTime >= cover.end) continue;
        owed.push(coverId);
      }
    }
    return owed.sort((a, b) => (a < b ? -1 : 1));
  });
}
