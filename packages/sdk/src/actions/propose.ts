import type { Hash } from 'viem';

import type { BulwarkClient } from '../client.js';
import { requireWallet } from '../client.js';
import type { BulwarkError } from '../errors.js';
import { findEvent } from '../internal/events.js';
import { checkCalls, type ProposalCalls } from '../internal/proposals.js';
import { writeAndWait, type WriteOptions } from '../internal/write.js';
import { governorOf } from '../internal/contracts.js';

export interface ProposeParameters extends ProposalCalls, WriteOptions {}
export interface ProposeReturnType {
  hash: Hash;
  proposalId: bigint;
  /** Votes are counted from / until (unix seconds: the token's clock is the timestamp). */
  voteStart: bigint;
  voteEnd: bigint;
}
export type ProposeErrorType = BulwarkError;

/** Proposes calls to be made by the timelock (needs the proposal threshold of delegated votes). */
export async function propose(client: BulwarkClient, parameters: ProposeParameters): Promise<ProposeReturnType> {
  const wallet = requireWallet(client, 'propose');
  checkCalls(parameters);
  const governor = governorOf(client.deployment);
  const result = await writeAndWait(
    wallet,
    { ...governor, functionName: 'propose', args: [[...parameters.targets], [...parameters.values], [...parameters.calldatas], parameters.description] },
    parameters,
  );
  const { args } = findEvent(result.receipt, governor, 'ProposalCreated');
  return { hash: result.hash, proposalId: args.proposalId, voteStart: args.voteStart, voteEnd: args.voteEnd };
}
