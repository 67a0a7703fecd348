import type { Address } from 'viem';

import type { BulwarkClient } from '../client.js';
import type { ProductKind } from '../deployment.js';
import { productStatusNames, type BulwarkError } from '../errors.js';
import { read } from '../internal/write.js';
import { lift } from '../math/pricing.js';
import { coverManagerOf, coverPoolOf } from '../internal/contracts.js';

const WAD = 10n ** 18n;

export interface GetProductsParameters {
  blockNumber?: bigint | undefined;
}
export interface ProductInfo {
  id: number;
  key: string;
  name: string;
  kind: ProductKind;
  status: (typeof productStatusNames)[number];
  claimRoute: Address;
  payoutRule: 'assessed' | 'trigger-fixed' | 'trigger-proportional';
  /** Annual base rate (WAD: 0.025e18 = 2.5% a year). */
  baseRateWad: bigint;
  /** The marginal annual rate now: base rate lifted by the pool's utilization (WAD). */
  currentRateWad: bigint;
  maxCoverAmount: bigint;
  minPeriod: number;
  maxPeriod: number;
  waitingPeriod: number;
  claimGracePeriod: number;
  termsURI: string;
  activeCover: bigint;
  /** Most cover one purchase can add now: the smaller of the pool's and the product's room. */
  availableCapacity: bigint;
  /** unix seconds; in the past when not paused. */
  salesPausedUntil: bigint;
  payoutsPausedUntil: bigint;
  openIncidents: bigint;
  /** Whether `buyCover` can succeed now (active, not paused, no open incident, capacity left). */
  onSale: boolean;
}
export type GetProductsReturnType = ProductInfo[];
export type GetProductsErrorType = BulwarkError;

const payoutRules = ['assessed', 'trigger-fixed', 'trigger-proportional'] as const;

/** Every product of the deployment with its terms, live capacity and current rate, read at one block. */
export async function getProducts(client: BulwarkClient, parameters: GetProductsParameters = {}): Promise<GetProductsReturnType> {
  const coverManager = coverManagerOf(client.deployment);
  const coverPool = coverPoolOf(client.deployment);
  return read(async () => {
    const blockNumber = parameters.blockNumber ?? (await client.public.getBlockNumber());
    const at = { blockNumber };
    const [capital, poolActive, pool, block] = await Promise.all([
      client.public.readContract({ ...coverPool, functionName: 'totalAssets', ...at }),
      client.public.readContract({ ...coverManager, functionName: 'activeCover', ...at }),
      client.public.readContract({ ...coverManager, functionName: 'poolParams', ...at }),
      client.public.getBlock({ blockNumber }),
    ]);
    const capacity = (capital * pool.leverageWad) / WAD;
    const poolRoom = capacity > poolActive ? capacity - poolActive : 0n;
    const utilizationWad = capacity === 0n ? WAD : (poolActive * WAD + capacity - 1n) / capacity;
    const rateLift = lift(utilizationWad, pool.curve);
    return Promise.all(
      client.deployment.products.map(async (product): Promise<ProductInfo> => {
        const id = BigInt(product.id);
        const [params, status, activeCover, salesPausedUntil, payoutsPausedUntil, openIncidents] = await Promise.all([
          client.public.readContract({ ...coverManager, functionName: 'product', args: [id], ...at }),
          client.public.readContract({ ...coverManager, functionName: 'productStatus', args: [id], ...at }),
          client.public.readContract({ ...coverManager, functionName: 'productActiveCover', args: [id], ...at }),
          client.public.readContract({ ...coverManager, functionName: 'productPausedUntil', args: [id], ...at }),
          client.public.readContract({ ...coverManager, functionName: 'productPayoutsPausedUntil', args: [id], ...at }),
          client.public.readContract({ ...coverManager, functionName: 'productOpenIncidents', args: [id], ...at }),
        ]);
        const productCap = (capital * params.capWad) / WAD;
        const productRoom = productCap > activeCover ? productCap - activeCover : 0n;
        const availableCapacity = poolRoom < productRoom ? poolRoom : productRoom;
        const statusName = productStatusNames[status] ?? 'unlisted';
        return {
          id: product.id, key: product.key, name: product.name, kind: product.kind, status: statusName,
          claimRoute: params.claimRoute, payoutRule: payoutRules[params.payoutRule] ?? 'assessed',
          baseRateWad: params.baseRateWad,
          currentRateWad: (params.baseRateWad * (WAD + rateLift) + WAD - 1n) / WAD,
          maxCoverAmount: params.maxCoverAmount, minPeriod: params.minPeriod, maxPeriod: params.maxPeriod,
          waitingPeriod: params.waitingPeriod, claimGracePeriod: params.claimGracePeriod, termsURI: params.termsURI,
          activeCover, availableCapacity, salesPausedUntil, payoutsPausedUntil, openIncidents,
          onSale: statusName === 'active' && salesPausedUntil <= block.timestamp && openIncidents === 0n && availableCapacity > 0n,
        };
      }),
    );
  });
}
