import type { Hash } from 'viem';

import type { BulwarkClient } from '../client.js';
import { requireWallet } from '../client.js';
import type { BulwarkError } from '../errors.js';
import { findEvent } from '../internal/events.js';
import { writeAndWait, type WriteOptions } from '../internal/write.js';
import { governorOf } from '../internal/contracts.js';

export interface CastProposalVoteParameters extends WriteOptions {
  proposalId: bigint;
  support: 'for' | 'against' | 'abstain';
  reason?: string | undefined;
}
export interface CastProposalVoteReturnType {
  hash: Hash;
  weight: bigint;
}
export type CastProposalVoteErrorType = BulwarkError;

/** Votes on a governance proposal with the votes delegated to the sender at its snapshot. */
export async function castProposalVote(client: BulwarkClient, parameters: CastProposalVoteParameters): Promise<CastProposalVoteReturnType> {
  const wallet = requireWallet(client, 'castProposalVote');
  const governor = governorOf(client.deployment);
  const support = { against: 0, for: 1, abstain: 2 }[parameters.support];
  const result = await writeAndWait(
    wallet,
    { ...governor, functionName: 'castVoteWithReason', args: [parameters.proposalId, support, parameters.reason ?? ''] },
    parameters,
  );
  return { hash: result.hash, weight: findEvent(result.receipt, governor, 'VoteCast').args.weight };
}
