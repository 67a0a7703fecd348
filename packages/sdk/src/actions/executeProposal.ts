import type { Hash } from 'viem';

import type { BulwarkClient } from '../client.js';
import { requireWallet } from '../client.js';
import type { BulwarkError } from '../errors.js';
import { checkCalls, descriptionHash, type ProposalCalls } from '../internal/proposals.js';
import { writeAndWait, type WriteOptions } from '../internal/write.js';
import { governorOf } from '../internal/contracts.js';

export interface ExecuteProposalParameters extends ProposalCalls, WriteOptions {}
export interface ExecuteProposalReturnType {
  hash: Hash;
}
export type ExecuteProposalErrorType = BulwarkError;

/** Executes a queued proposal once the timelock delay has passed (anyone may call it). */
export async function executeProposal(client: BulwarkClient, parameters: ExecuteProposalParameters): Promise<ExecuteProposalReturnType> {
  const wallet = requireWallet(client, 'executeProposal');
  checkCalls(parameters);
  const governor = governorOf(client.deployment);
  const { hash } = await writeAndWait(
    wallet,
    { ...governor, functionName: 'execute', args: [[...parameters.targets], [...parameters.values], [...parameters.calldatas], descriptionHash(parameters.description)] },
    parameters,
  );
  return { hash };
}
