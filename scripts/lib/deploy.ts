import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseUnits, type Address } from 'viem';

import { loadArtifact } from './artifacts.js';
import { deploy, send, type Clients } from './chain.js';
import { ROOT } from './foundry.js';

/** How payouts of a product are decided (mirrors the Solidity enum PayoutRule). */
export const PayoutRule = { Assessed: 0, TriggerFixed: 1, TriggerProportional: 2 } as const;

const DAY = 86_400;
const WAD = 10n ** 18n;
/** A WAD ratio from a decimal string: wad('0.025') == 2.5%. */
export const wad = (value: string): bigint => parseUnits(value, 18);
const usdc = (value: string): bigint => parseUnits(value, 6);

export interface ProductConfig {
  key: string;
  name: string;
  payoutRule: (typeof PayoutRule)[keyof typeof PayoutRule];
  baseRateWad: bigint;
  capWad: bigint;
  maxCoverAmount: bigint;
  minPeriod: number;
  maxPeriod: number;
  waitingPeriod: number;
  claimGracePeriod: number;
  termsURI: string;
}

export interface PoolConfig {
  leverageWad: bigint;
  curve: { kinkWad: bigint; slope1Wad: bigint; slope2Wad: bigint };
  cooldown: number;
  window: number;
}

export interface DeployConfig {
  admin: Address;
  guardian: Address;
  /** Claim route of every product until the claims and trigger contracts exist. */
  claimRoute: Address;
  cancelFeeWad: bigint;
  guardianPauseLimit: number;
  pool: PoolConfig;
  products: readonly ProductConfig[];
}

/** The local demo: one product of each kind the design names, over a USDC pool. */
export function demoConfig(accounts: { admin: Address; guardian: Address; claimRoute: Address }): DeployConfig {
  return {
    ...accounts,
    cancelFeeWad: wad('0.1'),
    guardianPauseLimit: 7 * DAY,
    pool: {
      leverageWad: 3n * WAD,
      curve: { kinkWad: wad('0.8'), slope1Wad: wad('0.5'), slope2Wad: wad('5') },
      cooldown: 7 * DAY,
      window: 3 * DAY,
    },
    products: [
      {
        key: 'aave-v3-exploit', name: 'Aave v3 smart-contract exploit', payoutRule: PayoutRule.Assessed,
        baseRateWad: wad('0.025'), capWad: wad('0.5'), maxCoverAmount: usdc('250000'),
        minPeriod: 30 * DAY, maxPeriod: 365 * DAY, waitingPeriod: DAY, claimGracePeriod: 30 * DAY,
        termsURI: 'ipfs://bulwark-demo/terms/protocol-exploit',
      },
      {
        key: 'exchange-hack', name: 'Custodial exchange hack', payoutRule: PayoutRule.Assessed,
        baseRateWad: wad('0.035'), capWad: wad('0.3'), maxCoverAmount: usdc('100000'),
        minPeriod: 30 * DAY, maxPeriod: 365 * DAY, waitingPeriod: DAY, claimGracePeriod: 30 * DAY,
        termsURI: 'ipfs://bulwark-demo/terms/exchange-hack',
      },
      {
        key: 'usdc-depeg', name: 'USDC de-peg below $0.95', payoutRule: PayoutRule.TriggerProportional,
        baseRateWad: wad('0.015'), capWad: wad('0.5'), maxCoverAmount: usdc('500000'),
        minPeriod: 7 * DAY, maxPeriod: 365 * DAY, waitingPeriod: DAY, claimGracePeriod: 14 * DAY,
        termsURI: 'ipfs://bulwark-demo/terms/usdc-depeg',
      },
      {
        key: 'flight-delay', name: 'Flight delay (45 min / 2 h / cancelled)', payoutRule: PayoutRule.TriggerFixed,
        baseRateWad: wad('4'), capWad: wad('0.1'), maxCoverAmount: usdc('2000'),
        minPeriod: DAY, maxPeriod: 30 * DAY, waitingPeriod: 0, claimGracePeriod: 7 * DAY,
        termsURI: 'ipfs://bulwark-demo/terms/flight-delay',
      },
      {
        key: 'earthquake', name: 'Earthquake M6.5+ within 50 km', payoutRule: PayoutRule.TriggerFixed,
        baseRateWad: wad('0.04'), capWad: wad('0.3'), maxCoverAmount: usdc('50000'),
        minPeriod: 30 * DAY, maxPeriod: 365 * DAY, waitingPeriod: 7 * DAY, claimGracePeriod: 30 * DAY,
        termsURI: 'ipfs://bulwark-demo/terms/earthquake',
      },
    ],
  };
}

export interface Deployment {
  chainId: number;
  startBlock: number;
  contracts: { MockUSDC: Address; ParamsLib: Address; CoverManager: Address; CoverPool: Address };
  products: { id: number; key: string; name: string }[];
}

/** Deploys a mock USDC, the CoverManager and a USDC CoverPool, and lists the configured products. */
export async function deployBulwark(clients: Clients, config: DeployConfig): Promise<Deployment> {
  const usdcArtifact = loadArtifact('MockUSDC');
  const managerArtifact = loadArtifact('CoverManager');
  const poolArtifact = loadArtifact('CoverPool');

  const token = await deploy(clients, usdcArtifact);
  const params = await deploy(clients, loadArtifact('ParamsLib'));
  const manager = await deploy(
    clients,
    managerArtifact,
    [clients.wallet.account.address, config.guardian, config.cancelFeeWad, BigInt(config.guardianPauseLimit)],
    { ParamsLib: params.address },
  );
  const pool = await deploy(clients, poolArtifact, [
    token.address, 'Bulwark USDC Pool', 'bwUSDC', manager.address, config.admin,
    BigInt(config.pool.cooldown), BigInt(config.pool.window),
  ]);
  await send(clients, {
    address: manager.address, abi: managerArtifact.abi, functionName: 'listPool',
    args: [pool.address, { leverageWad: config.pool.leverageWad, curve: config.pool.curve }],
  });
  const products: Deployment['products'] = [];
  for (const [index, product] of config.products.entries()) {
    await send(clients, {
      address: manager.address, abi: managerArtifact.abi, functionName: 'listProduct',
      args: [{
        pool: pool.address, claimRoute: config.claimRoute, baseRateWad: product.baseRateWad, capWad: product.capWad,
        maxCoverAmount: product.maxCoverAmount, minPeriod: product.minPeriod, maxPeriod: product.maxPeriod,
        waitingPeriod: product.waitingPeriod, claimGracePeriod: product.claimGracePeriod,
        payoutRule: product.payoutRule, termsURI: product.termsURI,
      }],
    });
    products.push({ id: index + 1, key: product.key, name: product.name });
  }
  if (config.admin !== clients.wallet.account.address) {
    const role = ('0x' + '0'.repeat(64)) as `0x${string}`;
    await send(clients, { address: manager.address, abi: managerArtifact.abi, functionName: 'grantRole', args: [role, config.admin] });
    await send(clients, { address: manager.address, abi: managerArtifact.abi, functionName: 'renounceRole', args: [role, clients.wallet.account.address] });
  }
  return {
    chainId: clients.public.chain.id,
    startBlock: Number(token.receipt.blockNumber),
    contracts: { MockUSDC: token.address, ParamsLib: params.address, CoverManager: manager.address, CoverPool: pool.address },
    products,
  };
}

/** Writes `deployments/<chainId>.json`. */
export function writeDeployment(deployment: Deployment): string {
  const dir = join(ROOT, 'deployments');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${deployment.chainId}.json`);
  writeFileSync(path, JSON.stringify(deployment, null, 2) + '\n');
  return path;
}
