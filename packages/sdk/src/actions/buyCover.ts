import { zeroHash, type Address, type Hash, type Hex } from 'viem';

import type { BulwarkClient } from '../client.js';
import { requireWallet } from '../client.js';
import { InvalidParameterError, type BulwarkError } from '../errors.js';
import { findEvent } from '../internal/events.js';
import { signAssetPermit } from '../internal/permit.js';
import { read, writeAndWait, type WriteOptions } from '../internal/write.js';
import { coverManagerOf } from '../internal/contracts.js';
import { maxPremiumFor } from '../math/pricing.js';

export interface BuyCoverParameters extends WriteOptions {
  productId: number | bigint;
  /** Cover amount in asset base units. */
  amount: bigint;
  /** Period in seconds. */
  period: number | bigint;
  /** The insured risk within the product (zero for product-wide risks such as a de-peg). */
  riskKey?: Hex | undefined;
  /** Owner of the cover NFT, who receives every payout (default: the sender). */
  recipient?: Address | undefined;
  /** Revert if the premium is above this. Default: the quote plus `slippageBps`. */
  maxPremium?: bigint | undefined;
  /** Tolerance added to the quote when `maxPremium` is not given (default 50 = 0.5%). */
  slippageBps?: number | undefined;
  /**
   * Pay by ERC-2612 permit: one signature and one transaction, no approval (default true).
   * False spends an existing allowance of the CoverManager.
   */
  permit?: boolean | undefined;
  /** Permit validity in seconds (default 1 hour). */
  permitTtl?: number | undefined;
}

export interface BuyCoverReturnType {
  hash: Hash;
  coverId: bigint;
  premium: bigint;
  /** When the cover ends (unix seconds). */
  end: bigint;
}
export type BuyCoverErrorType = BulwarkError;

/** Buys cover; returns the new cover NFT's id and the premium charged. */
export async function buyCover(client: BulwarkClient, parameters: BuyCoverParameters): Promise<BuyCoverReturnType> {
  const wallet = requireWallet(client, 'buyCover');
  const coverManager = coverManagerOf(client.deployment);
  if (parameters.amount <= 0n) throw new InvalidParameterError('cover amount must be greater than zero');
  const slippageBps = parameters.slippageBps ?? 50;
  if (slippageBps < 0 || slippageBps > 10_000) throw new InvalidParameterError(`slippage ${slippageBps} bps is outside [0, 10000]`);
  const productId = BigInt(parameters.productId);
  const period = BigInt(parameters.period);
  const maxPremium =
    parameters.maxPremium ??
    (await read(async () => {
      const premium = await client.public.readContract({ ...coverManager, functionName: 'quote', args: [productId, parameters.amount, period] });
      return maxPremiumFor(premium, slippageBps);
    }));
  const params = {
    productId,
    riskKey: parameters.riskKey ?? zeroHash,
    amount: parameters.amount,
    period,
    maxPremium,
    recipient: parameters.recipient ?? wallet.wallet.account.address,
  };
  let result;
  if (parameters.permit ?? true) {
    const now = (await read(() => client.public.getBlock())).timestamp;
    const permit = await signAssetPermit(wallet, {
      spender: coverManager.address,
      value: maxPremium,
      deadline: now + BigInt(parameters.permitTtl ?? 3600),
    });
    result = await writeAndWait(wallet, { ...coverManager, functionName: 'buyCoverWithPermit', args: [params, permit] }, parameters);
  } else {
    result = await writeAndWait(wallet, { ...coverManager, functionName: 'buyCover', args: [params] }, parameters);
  }
  const { args } = findEvent(result.receipt, coverManager, 'CoverBought');
  return { hash: result.hash, coverId: args.coverId, premium: args.premium, end: args.end };
}
