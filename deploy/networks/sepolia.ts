/**
 * `sepolia`: Ethereum's Sepolia testnet, over Circle's testnet USDC and Chainlink's USDC/USD feed.
 *
 *   BULWARK_GUARDIAN=0x... DEPLOYER_PRIVATE_KEY=0x... \
 *     tsx scripts/deploy.ts --network sepolia --rpc-url https://...
 *
 * Environment:
 * - BULWARK_GUARDIAN (required): may pause sales and payouts for a bounded time (a team multisig);
 *   it must not be the deployer, which keeps no role.
 * - BULWARK_COMMUNITY (optional, default: the deployer): receives the 40% of BWK meant for testers and
 *   assessors, to hand out by plain transfers. The other 60% goes to the DAO treasury (the timelock).
 * - BULWARK_ORACLE_SIGNERS (required): comma-separated addresses of the oracle nodes that sign flight
 *   and earthquake reports; BULWARK_ORACLE_THRESHOLD (default: a majority) of them must sign each.
 *
 * Governance periods are short enough to take a proposal or a claim through in an afternoon: a
 * proposal opens for voting 10 minutes after it is made, votes for a day and waits an hour in the
 * timelock; a claim is voted on for a day and can be challenged for six hours.
 */
import { getAddress } from 'viem';

import { addressFromEnv, BWK_SUPPLY, bwk, DAY, defineNetwork, HOUR, NetworkConfigError, usdc, wad } from './config.js';
import { standardProducts } from './products.js';

/** Circle's USDC on Sepolia (6 decimals; faucet.circle.com). */
const USDC = getAddress('0x1c7D4B196Cb0C7B01d743Fbc6116a902379C7238');
/** Chainlink's USDC/USD feed on Sepolia (8 decimals). */
const USDC_USD = getAddress('0xA2F78ab2355fe2f984D808B5CeE7FD0A93D5270E');

export default defineNetwork({
  name: 'sepolia',
  chainId: 11_155_111,
  development: false,
  deployConfig: ({ deployer, env }) => {
    const guardian = addressFromEnv(env, 'BULWARK_GUARDIAN', 'guardian (pauses sales and payouts; not the deployer)');
    const community = env.BULWARK_COMMUNITY ? addressFromEnv(env, 'BULWARK_COMMUNITY', 'BWK community allocation') : deployer;
    const signers = (env.BULWARK_ORACLE_SIGNERS ?? '').split(',').filter((a) => a.trim()).map((a, i) => addressFromEnv({ [`signer ${i + 1}`]: a.trim() }, `signer ${i + 1}`, 'oracle signer in BULWARK_ORACLE_SIGNERS'));
    if (signers.length === 0) throw new NetworkConfigError('BULWARK_ORACLE_SIGNERS is not set: name the oracle signers (comma-separated addresses)');
    const threshold = env.BULWARK_ORACLE_THRESHOLD ? Number(env.BULWARK_ORACLE_THRESHOLD) : Math.floor(signers.length / 2) + 1;
    if (!Number.isInteger(threshold) || threshold < 1 || threshold > signers.length) {
      throw new NetworkConfigError(`BULWARK_ORACLE_THRESHOLD must be 1-${signers.length}, got ${env.BULWARK_ORACLE_THRESHOLD}`);
    }
    return {
      network: 'sepolia',
      asset: { address: USDC, decimals: 6 },
      feeds: { 'USDC/USD': { address: USDC_USD } },
      guardian,
      token: {
        supply: BWK_SUPPLY,
        distribution: [
          { label: 'DAO treasury (timelock)', recipient: 'timelock', amount: (BWK_SUPPLY * 60n) / 100n },
          { label: 'community (testers, assessors)', recipient: community, amount: (BWK_SUPPLY * 40n) / 100n },
        ],
      },
      governance: {
        timelockDelay: HOUR,
        votingDelay: 10 * 60,
        votingPeriod: DAY,
        proposalThreshold: bwk('100000'),
        quorumPercent: 4,
      },
      claims: {
        votingPeriod: DAY,
        challengePeriod: 6 * HOUR,
        payoutWindow: 7 * DAY,
        quorumWad: wad('0.1'),
        voterFeeWad: wad('0.2'),
        // Circle's faucet hands out small amounts: deposits and bonds testers can afford.
        claimDeposit: usdc('5'),
        incidentBond: usdc('50'),
        treasury: 'timelock',
      },
      handOverToTimelock: true,
      cancelFeeWad: wad('0.1'),
      guardianPauseLimit: 7 * DAY,
      pool: {
        leverageWad: wad('3'),
        curve: { kinkWad: wad('0.8'), slope1Wad: wad('0.5'), slope2Wad: wad('5') },
        // The contracts' minimums (1 day each).
        cooldown: DAY,
        window: DAY,
      },
      products: standardProducts('ipfs://bulwark-sepolia/terms', { reportDisputeWindow: 6 * HOUR }),
      oracles: { signers, threshold },
    };
  },
});
