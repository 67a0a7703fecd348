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

/** Deploys a mock USDC and a CoverManager with its CoverPool, lists the configured products and,
 * when the admin is another account, hands the admin role over. */
export async function deployBulwark(clients: Clients, config: DeployConfig): Promise<Deployment> {
  const managerArtifact = loadArtifact('CoverManager');
  const deployer = clients.wallet.account.address;

  const token = await deploy(clients, loadArtifact('MockUSDC'));
  const params = await deploy(clients, loadArtifact('ParamsLib'));
  const manager = await deploy(
    clients,
    managerArtifact,
    [{
      asset: token.address, poolName: 'Bulwark USDC Pool', poolSymbol: 'bwUSDC', admin: deployer,
      guardian: config.guardian, cancelFeeWad: config.cancelFeeWad, guardianPauseLimit: BigInt(config.guardianPauseLimit),
      pool: { leverageWad: config.pool.leverageWad, curve: config.pool.curve },
      cooldown: BigInt(config.pool.cooldown), window: BigInt(config.pool.window),
    }],
    { ParamsLib: params.address },
  );
  const managerContract = { address: manager.address, abi: managerArtifact.abi };
  const pool = (await clients.public.readContract({ ...managerContract, functionName: 'pool' })) as Address;
  const products: Deployment['products'] = [];
  for (const [index, product] of config.products.entries()) {
    await send(clients, {
      ...managerContract, functionName: 'listProduct',
      args: [{
        claimRoute: config.claimRoute, baseRateWad: product.baseRateWad, capWad: product.capWad,
        maxCoverAmount: product.maxCoverAmount, minPeriod: product.minPeriod, maxPeriod: product.maxPeriod,
        waitingPeriod: product.waitingPeriod, claimGracePeriod: product.claimGracePeriod,
        payoutRule: product.payoutRule, termsURI: product.termsURI,
      }],
    });
    products.push({ id: index + 1, key: product.key, name: product.name });
  }
  if (config.admin.toLowerCase() !== deployer.toLowerCase()) {
    // Hand over both contracts' admin role, then drop the deployer's.
    const adminRole = `0x${'0'.repeat(64)}` as const;
    const poolContract = { address: pool, abi: loadArtifact('CoverPool').abi };
    for (const target of [managerContract, poolContract]) {
      await send(clients, { ...target, functionName: 'grantRole', args: [adminRole, config.admin] });
      await send(clients, { ...target, functionName: 'renounceRole', args: [adminRole, deployer] });
    }
  }
  return {
    chainId: clients.public.chain.id,
    startBlock: Number(token.receipt.blockNumber),
    contracts: { MockUSDC: token.address, ParamsLib: params.address, CoverManager: manager.address, CoverPool: pool },
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
