import type { Hex } from 'viem';

import type { BulwarkClient } from '../client.js';
import type { BulwarkError } from '../errors.js';
import { triggerOf, type TriggerName } from '../internal/contracts.js';
import { read } from '../internal/write.js';

export interface TriggerEventInfo {
  trigger: TriggerName;
  eventId: bigint;
  productId: number;
  /** Zero for a product-wide event (a de-peg). */
  riskKey: Hex;
  /** Covers must have been active (past their waiting period) then. */
  incidentTime: number;
  provenAt: number;
  /** Share of each cover's remaining amount paid (WAD). */
  payoutWad: bigint;
}

export interface GetTriggerEventsParameters {
  trigger: TriggerName;
  /** Only events with ids above this (default 0: all). */
  afterEventId?: bigint | undefined;
}
export type GetTriggerEventsReturnType = TriggerEventInfo[];
export type GetTriggerEventsErrorType = BulwarkError;

/** The events a trigger has proven, oldest first. */
export async function getTriggerEvents(client: BulwarkClient, parameters: GetTriggerEventsParameters): Promise<GetTriggerEventsReturnType> {
  const trigger = triggerOf(client.deployment, parameters.trigger);
  return read(async () => {
    const count = await client.public.readContract({ ...trigger, functionName: 'eventCount' });
    const from = (parameters.afterEventId ?? 0n) + 1n;
    const ids = Array.from({ length: Math.max(0, Number(count - from + 1n)) }, (_, i) => from + BigInt(i));
    return Promise.all(
      ids.map(async (eventId) => {
        const e = await client.public.readContract({ ...trigger, functionName: 'getEvent', args: [eventId] });
        return {
          trigger: parameters.trigger, eventId, productId: e.productId, riskKey: e.riskKey, incidentTime: e.incidentTime,
          provenAt: e.provenAt, payoutWad: e.payoutWad,
        };
      }),
    );
  });
}
