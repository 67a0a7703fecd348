import { getAbiItem } from 'viem';

import { bulwarkGovernorAbi } from '../abis/index.js';
import type { BulwarkClient } from '../client.js';
import { InvalidParameterError, type BulwarkError } from '../errors.js';
import type { ProposalCalls } from '../internal/proposals.js';
import { read } from '../internal/write.js';
import { governorOf } from '../internal/contracts.js';

export interface GetProposalCallsParameters {
  proposalId: bigint;
}
export type GetProposalCallsReturnType = ProposalCalls;
export type GetProposalCallsErrorType = BulwarkError;

/** The calls and description of a proposal, from its `ProposalCreated` log (what queue and execute need). */
export async function getProposalCalls(client: BulwarkClient, parameters: GetProposalCallsParameters): Promise<GetProposalCallsReturnType> {
  const governor = governorOf(client.deployment);
  const logs = await read(() =>
    client.public.getLogs({
      address: governor.address,
      event: getAbiItem({ abi: bulwarkGovernorAbi, name: 'ProposalCreated' }),
      fromBlock: BigInt(client.deployment.startBlock),
      toBlock: 'latest',
    }),
  );
  const created = logs.find((log) => log.args.proposalId === parameters.proposalId);
  if (!created || !created.args.targets || !created.args.values || !created.args.calldatas || created.args.description === undefined) {
    throw new InvalidParameterError(`no proposal ${parameters.proposalId}`);
  }
  return { targets: created.args.targets, values: created.args.values, calldatas: created.args.calldatas, description: created.args.description };
}
