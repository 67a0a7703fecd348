import type { BulwarkClient } from '../client.js';
import type { BulwarkError } from '../errors.js';
import { read } from '../internal/write.js';
import { assetOf, coverManagerOf, coverPoolOf } from '../internal/contracts.js';

const WAD = 10n ** 18n;

export interface GetPoolStatsParameters {
  blockNumber?: bigint | undefined;
}
/** The pool's state; amounts in asset base units, ratios in WAD. */
export interface GetPoolStatsReturnType {
  blockNumber: bigint;
  /** Asset held by the pool. */
  balance: bigint;
  /** What the shares are worth: balance minus unearned premium and owed payouts. */
  totalAssets: bigint;
  totalSupply: bigint;
  /** Assets per 10^decimals shares (one whole share). */
  assetsPerShare: bigint;
  shareDecimals: number;
  activeCover: bigint;
  /** Most active cover the pool may carry: capital x leverage. */
  capacity: bigint;
  utilizationWad: bigint;
  leverageWad: bigint;
  unearnedPremium: bigint;
  owedPayouts: bigint;
  requiredCapital: bigint;
  /** What may leave the pool now (0 while claims against it are open). */
  freeCapital: bigint;
  openClaims: bigint;
  cooldown: bigint;
  executionWindow: bigint;
}
export type GetPoolStatsErrorType = BulwarkError;

/** Capital, cover, premium and withdrawal figures of the pool, all read at one block. */
export async function getPoolStats(client: BulwarkClient, parameters: GetPoolStatsParameters = {}): Promise<GetPoolStatsReturnType> {
  const coverManager = coverManagerOf(client.deployment);
  const coverPool = coverPoolOf(client.deployment);
  const asset = assetOf(client.deployment);
  return read(async () => {
    const blockNumber = parameters.blockNumber ?? (await client.public.getBlockNumber());
    const at = { blockNumber };
    const shareDecimals = await client.public.readContract({ ...coverPool, functionName: 'decimals', ...at });
    const [balance, totalAssets, totalSupply, assetsPerShare, activeCover, params, unearnedPremium, owedPayouts, requiredCapital, freeCapital, openClaims, cooldown, executionWindow] =
      await Promise.all([
        client.public.readContract({ ...asset, functionName: 'balanceOf', args: [coverPool.address], ...at }),
        client.public.readContract({ ...coverPool, functionName: 'totalAssets', ...at }),
        client.public.readContract({ ...coverPool, functionName: 'totalSupply', ...at }),
        client.public.readContract({ ...coverPool, functionName: 'convertToAssets', args: [10n ** BigInt(shareDecimals)], ...at }),
        client.public.readContract({ ...coverManager, functionName: 'activeCover', ...at }),
        client.public.readContract({ ...coverManager, functionName: 'poolParams', ...at }),
        client.public.readContract({ ...coverManager, functionName: 'unearnedPremium', ...at }),
        client.public.readContract({ ...coverManager, functionName: 'owedPayouts', ...at }),
        client.public.readContract({ ...coverManager, functionName: 'requiredCapital', ...at }),
        client.public.readContract({ ...coverPool, functionName: 'freeCapital', ...at }),
        client.public.readContract({ ...coverManager, functionName: 'openClaims', ...at }),
        client.public.readContract({ ...coverPool, functionName: 'cooldown', ...at }),
        client.public.readContract({ ...coverPool, functionName: 'executionWindow', ...at }),
      ]);
    const capacity = (totalAssets * params.leverageWad) / WAD;
    return {
      blockNumber, balance, totalAssets, totalSupply, assetsPerShare, shareDecimals, activeCover, capacity,
      utilizationWad: capacity === 0n ? 0n : (activeCover * WAD) / capacity,
      leverageWad: params.leverageWad, unearnedPremium, owedPayouts, requiredCapital, freeCapital, openClaims, cooldown, executionWindow,
    };
  });
}
