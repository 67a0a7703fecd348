/**
 * @bulwark/sdk: a typed viem client for the Bulwark cover protocol.
 *
 * - `createBulwarkClient({ public, wallet, deployment })`, then one action per user flow:
 *   `buyCover(client, { productId, amount, period })`, `deposit(client, { assets })`, ...
 * - `abis`: generated from the Foundry artifacts (`npm run codegen`), `as const`.
 * - `math`: pure bigint mirror of the contracts' pricing, share and premium math (same rounding).
 * - errors: every revert decodes into a `BulwarkContractError` with a readable message.
 *
 * Node-only helpers (reading `deployments/<chainId>.json`) live in `@bulwark/sdk/node`.
 */
export * from './abis/index.js';
export * from './actions/index.js';
export { assertNetwork, contractsOf, createBulwarkClient, requireWallet, type BulwarkClient, type BulwarkWalletClient, type CreateBulwarkClientParameters } from './client.js';
export { findProduct, parseDeployment, productKinds, type Deployment, type DeploymentContracts, type DeploymentProduct, type ProductKind, type ProductRoute } from './deployment.js';
export * from './errors.js';
export { descriptionHash, proposalStates, type ProposalCalls, type ProposalState } from './internal/proposals.js';
export { signAssetPermit, type PermitSignature } from './internal/permit.js';
export type { WriteOptions, WriteProgress } from './internal/write.js';
export { triggerOf, type TriggerName } from './internal/contracts.js';
export { aggregatorAbi } from './internal/aggregator.js';
export * as math from './math/index.js';
