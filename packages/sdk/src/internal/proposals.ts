import { keccak256, stringToHex, type Address, type Hex } from 'viem';

import { InvalidParameterError, type BulwarkError } from '../errors.js';

/** OpenZeppelin Governor's proposal states, in contract order. */
export const proposalStates = ['pending', 'active', 'canceled', 'defeated', 'succeeded', 'queued', 'expired', 'executed'] as const;
export type ProposalState = (typeof proposalStates)[number];

/** One proposal: calls the timelock will make if it passes. */
export interface ProposalCalls {
  targets: readonly Address[];
  values: readonly bigint[];
  calldatas: readonly Hex[];
  description: string;
}

export type GovernanceErrorType = BulwarkError;

/** The governor's id of a proposal (a hash of its calls and description). */
export function descriptionHash(description: string): Hex {
  return keccak256(stringToHex(description));
}

export function checkCalls(calls: ProposalCalls): void {
  if (calls.targets.length === 0) throw new InvalidParameterError('a proposal needs at least one call');
  if (calls.targets.length !== calls.values.length || calls.targets.length !== calls.calldatas.length) {
    throw new InvalidParameterError(`a proposal needs as many values and calldatas as targets (${calls.targets.length})`);
  }
  if (!calls.description.trim()) throw new InvalidParameterError('a proposal needs a description');
}
