/**
 * `local`: the demo on anvil (`npm start`, or `tsx scripts/deploy.ts --network local`). A mock USDC
 * anyone can mint, a mock USDC/USD feed at 1.00000000, one product of each kind over a USDC pool,
 * governed by BWK holders. Roles are anvil's development accounts (its public test mnemonic).
 *
 * BWK distribution (100,000,000 BWK, all minted at deployment, none ever again):
 * - 60% (60,000,000) to the DAO treasury, i.e. the TimelockController: spent only by proposals;
 * - 4 x 10% (10,000,000 each) to the four community assessors (anvil accounts 5-8),
 *   who vote on claims and proposals once they have delegated their votes (to themselves).
 * Each assessor alone reaches the governor's proposal threshold (100,000 BWK), its quorum (4%) and
 * the claims quorum (10%).
 */
import type { Address } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';

import { anvilAddress } from '../../scripts/lib/chain.js';
import { BWK_SUPPLY, bwk, DAY, DeployConfigError, defineNetwork, usdc, wad, type DeployConfig } from './config.js';
import { standardProducts } from './products.js';

/** The development accounts' roles (indexes into anvil's default mnemonic). */
export const LOCAL_ACCOUNTS = { deployer: 0, guardian: 1, depositors: [3, 4], assessors: [5, 6, 7, 8] } as const;

/** The demo's oracle signers: anvil mnemonic accounts 10-12 (they sign, they never send), 2 of 3. */
export const LOCAL_ORACLES = { indexes: [10, 11, 12], threshold: 2 } as const;

/** A local oracle signer (anvil's public mnemonic: worthless anywhere but a local chain). */
export function localOracleAccount(index: number) {
  return mnemonicToAccount('test test test test test test test test test test test junk', { addressIndex: index });
}

/** The demo's configuration with these guardian and four assessors (the BWK holders). */
export function demoConfig(accounts: { guardian: Address; assessors: readonly Address[] }): DeployConfig {
  if (accounts.assessors.length !== 4) throw new DeployConfigError(`the demo has 4 assessors, got ${accounts.assessors.length}`);
  return {
    network: 'local',
    asset: { mock: true },
    feeds: { 'USDC/USD': { mock: true, answer: 100_000_000n } },
    guardian: accounts.guardian,
    token: {
      supply: BWK_SUPPLY,
      distribution: [
        { label: 'DAO treasury (timelock)', recipient: 'timelock', amount: (BWK_SUPPLY * 60n) / 100n },
        ...accounts.assessors.map((recipient, i) => ({ label: `assessor ${i + 1}`, recipient, amount: (BWK_SUPPLY * 10n) / 100n })),
      ],
    },
    governance: {
      timelockDelay: 2 * DAY,
      votingDelay: DAY,
      votingPeriod: 5 * DAY,
      proposalThreshold: bwk('100000'),
      quorumPercent: 4,
    },
    claims: {
      votingPeriod: 3 * DAY,
      challengePeriod: 2 * DAY,
      payoutWindow: 7 * DAY,
      quorumWad: wad('0.1'),
      voterFeeWad: wad('0.2'),
      claimDeposit: usdc('50'),
      incidentBond: usdc('500'),
      treasury: 'timelock',
    },
    handOverToTimelock: true,
    cancelFeeWad: wad('0.1'),
    guardianPauseLimit: 7 * DAY,
    pool: {
      leverageWad: wad('3'),
      curve: { kinkWad: wad('0.8'), slope1Wad: wad('0.5'), slope2Wad: wad('5') },
      cooldown: 7 * DAY,
      window: 3 * DAY,
    },
    products: standardProducts('ipfs://bulwark-demo/terms'),
    oracles: { signers: LOCAL_ORACLES.indexes.map((i) => localOracleAccount(i).address), threshold: LOCAL_ORACLES.threshold },
  };
}

export default defineNetwork({
  name: 'local',
  chainId: 31337,
  development: true,
  deployConfig: () =>
    demoConfig({ guardian: anvilAddress(LOCAL_ACCOUNTS.guardian), assessors: LOCAL_ACCOUNTS.assessors.map(anvilAddress) }),
});
