import type { BulwarkClient } from '../client.js';
import type { BulwarkError } from '../errors.js';
import { read } from '../internal/write.js';
import { coverManagerOf } from '../internal/contracts.js';

export interface QuoteParameters {
  productId: number | bigint;
  /** Cover amount in asset base units. */
  amount: bigint;
  /** Cover period in seconds. */
  period: number | bigint;
  /** Price at this block (default: latest). */
  blockNumber?: bigint | undefined;
}
/** Premium in asset base units: exactly what `buyCover` charges at that block. */
export type QuoteReturnType = bigint;
export type QuoteErrorType = BulwarkError;

/** What buying this cover costs now (the contract's `quote`, which reverts as `buyCover` would). */
export async function quote(client: BulwarkClient, parameters: QuoteParameters): Promise<QuoteReturnType> {
  const coverManager = coverManagerOf(client.deployment);
  return read(() =>
    client.public.readContract({
      ...coverManager,
      functionName: 'quote',
      args: [BigInt(parameters.productId), parameters.amount, BigInt(parameters.period)],
      blockNumber: parameters.blockNumber,
    }),
  );
}
