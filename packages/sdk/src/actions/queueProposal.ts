import type { Hash } from 'viem';

import type { BulwarkClient } from '../client.js';
import { requireWallet } from '../client.js';
import type { BulwarkError } from '../errors.js';
import { findEvent } from '../internal/events.js';
import { checkCalls, descriptionHash, type ProposalCalls } from '../internal/proposals.js';
import { writeAndWait, type WriteOptions } from '../internal/write.js';
import { governorOf } from '../internal/contracts.js';

export interface QueueProposalParameters extends ProposalCalls, WriteOptions {}
export interface QueueProposalReturnType {
  hash: Hash;
  /** When the timelock lets it execute (unix seconds). */
  eta: bigint;
}
export type QueueProposalErrorType = BulwarkError;

/** Queues a succeeded proposal in the timelock. */
export async function queueProposal(client: BulwarkClient, parameters: QueueProposalParameters): Promise<QueueProposalReturnType> {
  const wallet = requireWallet(client, 'queueProposal');
  checkCalls(parameters);
  const governor = governorOf(client.deployment);
  const result = await writeAndWait(
    wallet,
    { ...governor, functionName: 'queue', args: [[...parameters.targets], [...parameters.values], [...parameters.calldatas], descriptionHash(parameters.description)] },
    parameters,
  );
  return { hash: result.hash, eta: findEvent(result.receipt, governor, 'ProposalQueued').args.etaSeconds };
}
