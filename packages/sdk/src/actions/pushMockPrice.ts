import type { Hash } from 'viem';

import { mockAggregatorAbi } from '../abis/index.js';
import type { BulwarkClient } from '../client.js';
import { requireWallet } from '../client.js';
import { InvalidParameterError, type BulwarkError } from '../errors.js';
import { writeAndWait, type WriteOptions } from '../internal/write.js';

export interface PushMockPriceParameters extends WriteOptions {
  /** The new answer in the feed's units (8 decimals: $0.94 = 94000000n). */
  answer: bigint;
}
export interface PushMockPriceReturnType {
  hash: Hash;
}
export type PushMockPriceErrorType = BulwarkError;

/** Records a new round on a local deployment's mock price feed (only its owner, the deployer, may). */
export async function pushMockPrice(client: BulwarkClient, parameters: PushMockPriceParameters): Promise<PushMockPriceReturnType> {
  const wallet = requireWallet(client, 'pushMockPrice');
  const feed = client.deployment.contracts.MockAggregator;
  if (!feed) throw new InvalidParameterError(`chain ${client.deployment.chainId} has a real price feed; only local deployments have a mock one`);
  const { hash } = await writeAndWait(wallet, { address: feed, abi: mockAggregatorAbi, functionName: 'pushAnswer', args: [parameters.answer] }, parameters);
  return { hash };
}
