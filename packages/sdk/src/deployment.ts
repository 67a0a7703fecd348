import { getAddress, isAddress, type Address } from 'viem';

import { DeploymentError } from './errors.js';

/** The kinds of risk the design names; each demo product is one of them. */
export const productKinds = ['protocol-exploit', 'custodial-hack', 'depeg', 'flight-delay', 'catastrophe'] as const;
export type ProductKind = (typeof productKinds)[number];

export interface DeploymentProduct {
  /** On-chain product id (from 1). */
  id: number;
  /** Stable short name, used by the CLI (`bulwark buy usdc-depeg ...`). */
  key: string;
  name: string;
  kind: ProductKind;
  /** The contract that decides its claims: token holders (ClaimsManager) or a parametric trigger. */
  claimRoute?: ProductRoute;
}

/** Contracts a product's claims can route to. */
export type ProductRoute = 'ClaimsManager' | 'ChainlinkDepegTrigger' | 'SignedReportTrigger';

/** The contracts of one deployment. The mocks exist only on local chains. */
export interface DeploymentContracts {
  /** Also the cover NFT (ERC-721): every cover is a token of this contract. */
  CoverManager: Address;
  CoverPool: Address;
  ParamsLib: Address;
  ClaimsManager: Address;
  BulwarkToken: Address;
  BulwarkGovernor: Address;
  TimelockController: Address;
  /** Claim route of the de-peg products (absent in deployments from before the triggers). */
  ChainlinkDepegTrigger?: Address;
  /** Claim route of the flight-delay and catastrophe products (oracle-signed reports). */
  SignedReportTrigger?: Address;
  MockUSDC?: Address;
  MockAggregator?: Address;
}

/** What `deployments/<chainId>.json` holds: written by the deployment, read by SDK, CLI, keeper, indexer and web. */
export interface Deployment {
  chainId: number;
  /** Name of the network configuration it was deployed from (`local`, `sepolia`, ...). */
  network: string;
  /** Block of the first deployment transaction (where indexers start). */
  startBlock: number;
  /** The pool's asset (USDC). */
  asset: { address: Address; symbol: string; decimals: number };
  contracts: DeploymentContracts;
  /** Chainlink-style price feeds by pair, e.g. `{ "USDC/USD": "0x..." }`. */
  feeds: Record<string, Address>;
  products: DeploymentProduct[];
  /** Governance settings as deployed; amounts are decimal strings of base units. */
  governance: {
    /** Whether the TimelockController holds every admin role (false: the deployer kept them). */
    timelockIsAdmin: boolean;
    token: { supply: string; distribution: { label: string; recipient: Address; amount: string }[] };
    timelockDelay: number;
    votingDelay: number;
    votingPeriod: number;
    proposalThreshold: string;
    quorumPercent: number;
    claims: {
      votingPeriod: number;
      challengePeriod: number;
      payoutWindow: number;
      quorumWad: string;
      voterFeeWad: string;
      claimDeposit: string;
      incidentBond: string;
      treasury: Address;
    };
  };
}

const REQUIRED_CONTRACTS = ['CoverManager', 'CoverPool', 'ParamsLib', 'ClaimsManager', 'BulwarkToken', 'BulwarkGovernor', 'TimelockController'] as const;

/** Checks the shape of a parsed deployment file and normalizes its addresses; throws `DeploymentError`. */
export function parseDeployment(value: unknown, source = 'deployment'): Deployment {
  const fail = (what: string): never => {
    throw new DeploymentError(`${source}: ${what}`);
  };
  if (typeof value !== 'object' || value === null) return fail('not an object');
  const d = value as Partial<Deployment>;
  if (typeof d.chainId !== 'number') fail('no chainId');
  if (typeof d.startBlock !== 'number') fail('no startBlock');
  if (!d.contracts || typeof d.contracts !== 'object') return fail('no contracts');
  if (!d.asset || !isAddress(d.asset.address)) return fail('no asset');
  if (!Array.isArray(d.products)) return fail('no products');
  if (!d.governance) return fail('no governance');
  const contracts = { ...d.contracts } as Record<string, string | undefined>;
  for (const name of REQUIRED_CONTRACTS) {
    if (!contracts[name] || !isAddress(contracts[name])) fail(`contract ${name} missing or not an address`);
  }
  for (const [name, address] of Object.entries(contracts)) {
    if (address !== undefined) contracts[name] = getAddress(address);
  }
  return {
    ...(d as Deployment),
    network: d.network ?? 'unknown',
    asset: { ...d.asset, address: getAddress(d.asset.address) },
    feeds: Object.fromEntries(Object.entries(d.feeds ?? {}).map(([pair, address]) => [pair, getAddress(address)])),
    contracts: contracts as unknown as DeploymentContracts,
  };
}

/** The product with this id (number or digits) or key, if the deployment has it. */
export function findProduct(deployment: Deployment, idOrKey: number | string): DeploymentProduct | undefined {
  const asNumber = typeof idOrKey === 'number' ? idOrKey : /^\d+$/.test(idOrKey) ? Number(idOrKey) : undefined;
  return deployment.products.find((p) => (asNumber !== undefined ? p.id === asNumber : p.key === idOrKey));
}
