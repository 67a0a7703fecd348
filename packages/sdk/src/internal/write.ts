import type { Abi, ContractFunctionArgs, ContractFunctionName, Hash, TransactionReceipt } from 'viem';

import { bulwarkErrorsAbi } from '../abis/errors.js';
import type { BulwarkWalletClient } from '../client.js';
import { TransactionRevertedError, toBulwarkError } from '../errors.js';

/** Gas added to every estimate besides 25%: about two days of expiry buckets. */
const GAS_HEADROOM = 60_000n;

/** Progress of a write, for displays: simulated, sent (hash known), mined. */
export type WriteProgress =
  | { stage: 'simulated'; label: string }
  | { stage: 'sent'; label: string; hash: Hash }
  | { stage: 'mined'; label: string; hash: Hash; blockNumber: bigint };

/** Options every write action takes. */
export interface WriteOptions {
  /** Called as the transaction advances (the CLI shows it). */
  onProgress?: ((progress: WriteProgress) => void) | undefined;
}

export interface WriteResult {
  hash: Hash;
  receipt: TransactionReceipt;
}

/**
 * Simulates the call (so a revert surfaces decoded, before any gas is spent), sends it, waits for
 * the receipt and throws `TransactionRevertedError` if it reverted anyway. Every custom error of
 * the protocol decodes, whichever contract raised it, because the errors ABI is appended.
 */
export async function writeAndWait<
  const abi extends Abi,
  functionName extends ContractFunctionName<abi, 'nonpayable' | 'payable'>,
>(
  client: BulwarkWalletClient,
  call: {
    address: `0x${string}`;
    abi: abi;
    functionName: functionName;
    args: ContractFunctionArgs<abi, 'nonpayable' | 'payable', functionName>;
  },
  options: WriteOptions = {},
): Promise<WriteResult & { result: unknown }> {
  const label = String(call.functionName);
  try {
    const { request, result } = await client.public.simulateContract({
      address: call.address,
      abi: [...call.abi, ...bulwarkErrorsAbi] as Abi,
      functionName: call.functionName as string,
      args: call.args as readonly unknown[],
      account: client.wallet.account,
    });
    options.onProgress?.({ stage: 'simulated', label });
    // Headroom over the estimate: a call mined after a day boundary first processes the expired
    // buckets (or previews them), work the estimate at the latest block did not include.
    const estimate = await client.public.estimateContractGas(request as never);
    const gas = (estimate * 5n) / 4n + GAS_HEADROOM;
    const hash = await client.wallet.writeContract({ ...request, gas, chain: client.public.chain } as never);
    options.onProgress?.({ stage: 'sent', label, hash });
    const receipt = await client.public.waitForTransactionReceipt({ hash });
    if (receipt.status !== 'success') throw new TransactionRevertedError(label, hash);
    options.onProgress?.({ stage: 'mined', label, hash, blockNumber: receipt.blockNumber });
    return { hash, receipt, result };
  } catch (error) {
    throw toBulwarkError(error);
  }
}

/** Runs a read, turning its failure into a `BulwarkError`. */
export async function read<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toBulwarkError(error);
  }
}
