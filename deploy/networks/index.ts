/**
 * Every network configuration, by `--network` name. Adding a network: a file here that default-exports
 * `defineNetwork({...})`, and one line below.
 */
import type { NetworkConfig } from './config.js';
import local from './local.js';
import sepolia from './sepolia.js';

export const networks: Readonly<Record<string, NetworkConfig>> = { local, sepolia };

/** Error for a `--network` name that has no configuration. */
export class UnknownNetworkError extends Error {
  override name = 'UnknownNetworkError';
  constructor(readonly network: string) {
    super(`unknown network "${network}"; known: ${Object.keys(networks).join(', ')} (deploy/networks/)`);
  }
}

/** The configuration of network `name`; throws UnknownNetworkError. */
export function findNetwork(name: string): NetworkConfig {
  const network = Object.hasOwn(networks, name) ? networks[name] : undefined;
  if (!network) throw new UnknownNetworkError(name);
  return network;
}
