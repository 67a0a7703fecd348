import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Abi, Address, Hex } from 'viem';

import { CONTRACTS_DIR } from './foundry.js';

interface LinkReference {
  start: number;
  length: number;
}

export interface Artifact {
  abi: Abi;
  bytecode: Hex;
  /** source file -> library name -> placeholder positions (bytes) in `bytecode` */
  linkReferences: Record<string, Record<string, LinkReference[]>>;
}

/** Error for a contract artifact that is missing or needs a library the caller did not give. */
export class ArtifactError extends Error {
  override name = 'ArtifactError';
}

/** Reads `contracts/out/<file>/<contract>.json` written by `forge build`. */
export function loadArtifact(contract: string, file = `${contract}.sol`): Artifact {
  const path = join(CONTRACTS_DIR, 'out', file, `${contract}.json`);
  let json: { abi: Abi; bytecode: { object: Hex; linkReferences?: Artifact['linkReferences'] } };
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new ArtifactError(`no artifact for ${contract} at ${path}; run forge build first`, { cause });
  }
  return { abi: json.abi, bytecode: json.bytecode.object, linkReferences: json.bytecode.linkReferences ?? {} };
}

/** The artifact's creation bytecode with every library placeholder replaced by its address. */
export function linkBytecode(artifact: Artifact, libraries: Record<string, Address>): Hex {
  let code = artifact.bytecode.slice(2);
  for (const byName of Object.values(artifact.linkReferences)) {
    for (const [name, refs] of Object.entries(byName)) {
      const address = libraries[name];
      if (!address) throw new ArtifactError(`bytecode needs library ${name}`);
      for (const { start, length } of refs) {
        code = code.slice(0, start * 2) + address.slice(2).toLowerCase().padStart(length * 2, '0') + code.slice((start + length) * 2);
      }
    }
  }
  return `0x${code}`;
}
