import type { Address } from 'viem';

import type { BulwarkClient } from '../client.js';
import type { BulwarkError } from '../errors.js';
import { proposalStates, type ProposalState } from '../internal/proposals.js';
import { read } from '../internal/write.js';
import { governorOf } from '../internal/contracts.js';

export interface GetProposalParameters {
  proposalId: bigint;
}
export interface GetProposalReturnType {
  proposalId: bigint;
  state: ProposalState;
  proposer: Address;
  snapshot: bigint;
  deadline: bigint;
  /** 0 unless queued. */
  eta: bigint;
  forVotes: bigint;
  againstVotes: bigint;
  abstainVotes: bigint;
  quorum: bigint;
}
export type GetProposalErrorType = BulwarkError;

/** A proposal's state and tally. */
export async function getProposal(client: BulwarkClient, parameters: GetProposalParameters): Promise<GetProposalReturnType> {
  const governor = governorOf(client.deployment);
  return read(async () => {
    const id = parameters.proposalId;
    const [state, proposer, snapshot, deadline, eta, votes] = await Promise.all([
      client.public.readContract({ ...governor, functionName: 'state', args: [id] }),
      client.public.readContract({ ...governor, functionName: 'proposalProposer', args: [id] }),
      client.public.readContract({ ...governor, functionName: 'proposalSnapshot', args: [id] }),
      client.public.readContract({ ...governor, functionName: 'proposalDeadline', args: [id] }),
      client.public.readContract({ ...governor, functionName: 'proposalEta', args: [id] }),
      client.public.readContract({ ...governor, functionName: 'proposalVotes', args: [id] }),
    ]);
    const quorum = await client.public.readContract({ ...governor, functionName: 'quorum', args: [snapshot] });
    return {
      proposalId: id, state: proposalStates[state] ?? 'pending', proposer, snapshot, deadline, eta,
      againstVotes: votes[0], forVotes: votes[1], abstainVotes: votes[2], quorum,
    };
  });
}
