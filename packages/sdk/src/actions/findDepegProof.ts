import type { BulwarkClient } from '../client.js';
import type { BulwarkError } from '../errors.js';
import { depegTriggerOf } from '../internal/contracts.js';
import { read } from '../internal/write.js';
import { aggregatorAbi } from '../internal/aggregator.js';

export interface FindDepegProofParameters {
  productId: number | bigint;
  /** Start looking at this round (default: the trigger's earliest allowed start, or the feed's first round). */
  fromRoundId?: bigint | undefined;
}
/** The rounds `proveDepeg` needs, or undefined while no de-peg has lasted long enough. */
export type FindDepegProofReturnType = { startRoundId: bigint; endRoundId: bigint; startedAt: bigint; provenAt: bigint; answer: bigint } | undefined;
export type FindDepegProofErrorType = BulwarkError;

/**
 * Walks the product's feed from `fromRoundId` to its latest round the way the trigger will: a run of
 * answers below the threshold that starts after a round at or above it, with no gap longer than the
 * heartbeat, ended by the first round that completes the minimum duration. Returns that run, so the
 * proof is accepted (the contract re-checks everything, including bounds and the sequencer).
 */
export async function findDepegProof(client: BulwarkClient, parameters: FindDepegProofParameters): Promise<FindDepegProofReturnType> {
  const trigger = depegTriggerOf(client.deployment);
  const productId = BigInt(parameters.productId);
  return read(async () => {
    const [config, state] = await Promise.all([
      client.public.readContract({ ...trigger, functionName: 'configOf', args: [productId] }),
      client.public.readContract({ ...trigger, functionName: 'stateOf', args: [productId] }),
    ]);
    if (state.disarmed) return undefined;
    const feed = { address: config.feed, abi: aggregatorAbi } as const;
    const [latest] = await client.public.readContract({ ...feed, functionName: 'latestRoundData' });
    const phase = latest >> 64n;
    const first = (phase << 64n) + 1n;
    let id = parameters.fromRoundId ?? (state.minStartRound > first ? state.minStartRound : first);
    let start: { id: bigint; time: bigint } | undefined;
    let previous: { answer: bigint; time: bigint } | undefined;
    if (id > first) {
      const [, answer, , time] = await client.public.readContract({ ...feed, functionName: 'getRoundData', args: [id - 1n] });
      previous = { answer, time };
    }
    for (; id <= latest; id++) {
      const [, answer, , time] = await client.public.readContract({ ...feed, functionName: 'getRoundData', args: [id] });
      const valid = answer > 0n && answer >= config.minAnswer && answer <= config.maxAnswer;
      const gapOk = previous === undefined || time - previous.time <= BigInt(config.heartbeat);
      if (!valid || !gapOk || answer >= config.threshold) {
        start = undefined;
      } else if (!start) {
        // A run may start only after a valid round at or above the threshold (or at the phase's first round).
        if (id === first || (previous !== undefined && previous.answer >= config.threshold && gapOk)) start = { id, time };
      } else if (time - start.time >= BigInt(config.minDuration)) {
        return { startRoundId: start.id, endRoundId: id, startedAt: start.time, provenAt: time, answer };
      }
      previous = valid ? { answer, time } : undefined;
    }
    return undefined;
  });
}
