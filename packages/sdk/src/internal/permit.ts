import { hexToSignature, type Address } from 'viem';

import type { BulwarkWalletClient } from '../client.js';
import { read } from './write.js';
import { assetOf } from './contracts.js';

export interface PermitSignature {
  value: bigint;
  deadline: bigint;
  v: number;
  r: `0x${string}`;
  s: `0x${string}`;
}

/** Signs an ERC-2612 permit of the pool's asset for `spender` (no transaction). */
export async function signAssetPermit(
  client: BulwarkWalletClient,
  parameters: { spender: Address; value: bigint; deadline: bigint },
): Promise<PermitSignature> {
  const asset = assetOf(client.deployment);
  const owner = client.wallet.account.address;
  const [nonce, name, chainId] = await read(() =>
    Promise.all([
      client.public.readContract({ ...asset, functionName: 'nonces', args: [owner] }),
      client.public.readContract({ ...asset, functionName: 'name' }),
      client.public.getChainId(),
    ]),
  );
  const version = await read(async () => {
    const domain = await client.public.readContract({ ...asset, functionName: 'eip712Domain' });
    return domain[2];
  });
  const signature = await client.wallet.signTypedData({
    account: client.wallet.account,
    domain: { name, version, chainId, verifyingContract: asset.address },
    types: {
      Permit: [
        { name: 'owner', type: 'address' },
        { name: 'spender', type: 'address' },
        { name: 'value', type: 'uint256' },
        { name: 'nonce', type: 'uint256' },
        { name: 'deadline', type: 'uint256' },
      ],
    },
    primaryType: 'Permit',
    message: { owner, spender: parameters.spender, value: parameters.value, nonce, deadline: parameters.deadline },
  });
  const { v, r, s } = hexToSignature(signature);
  return { value: parameters.value, deadline: parameters.deadline, v: Number(v), r, s };
}
