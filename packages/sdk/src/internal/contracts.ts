/**
 * Address + ABI of one contract of a deployment. One function per contract, each importing only its
 * own ABI, so a bundle keeps only the ABIs of the actions it uses.
 */
import {
  bulwarkGovernorAbi, chainlinkDepegTriggerAbi, signedReportTriggerAbi, triggerAbi, bulwarkTokenAbi, claimsManagerAbi, coverManagerAbi, coverPoolAbi, mockUsdcAbi, timelockControllerAbi,
} from '../abis/index.js';
import type { Deployment } from '../deployment.js';
import { DeploymentError } from '../errors.js';

export const coverManagerOf = (d: Deployment) => ({ address: d.contracts.CoverManager, abi: coverManagerAbi }) as const;
export const coverPoolOf = (d: Deployment) => ({ address: d.contracts.CoverPool, abi: coverPoolAbi }) as const;
export const claimsManagerOf = (d: Deployment) => ({ address: d.contracts.ClaimsManager, abi: claimsManagerAbi }) as const;
export const tokenOf = (d: Deployment) => ({ address: d.contracts.BulwarkToken, abi: bulwarkTokenAbi }) as const;
export const governorOf = (d: Deployment) => ({ address: d.contracts.BulwarkGovernor, abi: bulwarkGovernorAbi }) as const;
export const timelockOf = (d: Deployment) => ({ address: d.contracts.TimelockController, abi: timelockControllerAbi }) as const;
/** The pool's asset; the MockUSDC ABI is ERC-20 + ERC-2612 (+ the mock's faucet). */
export const assetOf = (d: Deployment) => ({ address: d.asset.address, abi: mockUsdcAbi }) as const;

/** The deployment's triggers by contract name. */
export type TriggerName = 'ChainlinkDepegTrigger' | 'SignedReportTrigger';

/** Address + ABI (ITrigger: events and batch payouts) of a trigger. */
export function triggerOf(d: Deployment, name: TriggerName) {
  const address = d.contracts[name];
  if (!address) throw new DeploymentError(`the deployment on chain ${d.chainId} has no ${name}`);
  return { address, abi: triggerAbi } as const;
}

export const depegTriggerOf = (d: Deployment) => ({ address: triggerOf(d, 'ChainlinkDepegTrigger').address, abi: chainlinkDepegTriggerAbi }) as const;
export const reportTriggerOf = (d: Deployment) => ({ address: triggerOf(d, 'SignedReportTrigger').address, abi: signedReportTriggerAbi }) as const;
