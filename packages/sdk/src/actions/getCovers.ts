import { getAbiItem, type Address } from 'viem';

import { coverManagerAbi } from '../abis/index.js';
import type { BulwarkClient } from '../client.js';
import type { BulwarkError } from '../errors.js';
import { read } from '../internal/write.js';
import { describeCover, type CoverInfo } from './getCover.js';
import { coverManagerOf } from '../internal/contracts.js';

export interface GetCoversParameters {
  owner: Address;
  /** Include expired and cancelled covers (default true). */
  includeInactive?: boolean | undefined;
}
export type GetCoversReturnType = CoverInfo[];
export type GetCoversErrorType = BulwarkError;

/**
 * The covers `owner` holds now, with their status. Finds them from the cover NFT's `Transfer` logs
 * since the deployment block (the indexer serves the same faster for large histories).
 */
export async function getCovers(client: BulwarkClient, parameters: GetCoversParameters): Promise<GetCoversReturnType> {
  const coverManager = coverManagerOf(client.deployment);
  return read(async () => {
    const logs = await client.public.getLogs({
      address: coverManager.address,
      event: getAbiItem({ abi: coverManagerAbi, name: 'Transfer' }),
      args: { to: parameters.owner },
      fromBlock: BigInt(client.deployment.startBlock),
      toBlock: 'latest',
    });
    const cancelled = await client.public.getLogs({
      address: coverManager.address,
      event: getAbiItem({ abi: coverManagerAbi, name: 'CoverCancelled' }),
      args: { owner: parameters.owner },
      fromBlock: BigInt(client.deployment.startBlock),
      toBlock: 'latest',
    });
    const cancelledByOwner = new Set(cancelled.map((log) => log.args.coverId));
    const ids = [...new Set(logs.map((log) => log.args.tokenId).filter((id): id is bigint => id !== undefined))].sort((a, b) => (a < b ? -1 : 1));
    const block = await client.public.getBlock();
    const products = new Map<number, { waitingPeriod: number; claimGracePeriod: number }>();
    const covers: CoverInfo[] = [];
    for (const coverId of ids) {
      const [cover, riskKey] = await Promise.all([
        client.public.readContract({ ...coverManager, functionName: 'cover', args: [coverId], blockNumber: block.number }),
        client.public.readContract({ ...coverManager, functionName: 'riskKeyOf', args: [coverId], blockNumber: block.number }),
      ]);
      // A cancelled cover has no owner: it is listed for whoever cancelled it. A cover sold on is
      // someone else's now.
      if (cover.owner.toLowerCase() !== parameters.owner.toLowerCase() && !cancelledByOwner.has(coverId)) continue;
      let product = products.get(cover.productId);
      if (!product) {
        product = await client.public.readContract({ ...coverManager, functionName: 'product', args: [BigInt(cover.productId)] });
        products.set(cover.productId, product);
      }
      const info = describeCover(coverId, cover, riskKey, product, Number(block.timestamp));
      if (parameters.includeInactive === false && (info.status === 'expired' || info.status === 'cancelled')) continue;
      covers.push(info);
    }
    return covers;
  });
}
