import { existsSync, readFileSync } from 'node:fs';
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

interface ArtifactJson {
  abi: Abi;
  bytecode: { object: Hex; linkReferences?: Artifact['linkReferences'] };
  deployedBytecode: {
    object: Hex;
    linkReferences?: Artifact['linkReferences'];
    immutableReferences?: Record<string, LinkReference[]>;
  };
}

function readArtifact(contract: string, file: string): ArtifactJson {
  const path = join(CONTRACTS_DIR, 'out', file, `${contract}.json`);
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as ArtifactJson;
  } catch (cause) {
    throw new ArtifactError(`no artifact for ${contract} at ${path}; run forge build first`, { cause });
  }
}

/** Whether `forge build` wrote an artifact for `contract`. */
export function hasArtifact(contract: string, file = `${contract}.sol`): boolean {
  return existsSync(join(CONTRACTS_DIR, 'out', file, `${contract}.json`));
}

/** Reads `contracts/out/<file>/<contract>.json` written by `forge build`. */
export function loadArtifact(contract: string, file = `${contract}.sol`): Artifact {
  const json = readArtifact(contract, file);
  return { abi: json.abi, bytecode: json.bytecode.object, linkReferences: json.bytecode.linkReferences ?? {} };
}

/**
 * Whether `deployed` (the code at an address) is `contract`'s runtime code as compiled now. What a
 * deployment writes into the code is blanked on both sides first: immutables, linked library
 * addresses, a library's own address (after its leading PUSH20) and the metadata trailer.
 */
export function matchesRuntime(contract: string, deployed: Hex, file = `${contract}.sol`): boolean {
  const runtime = readArtifact(contract, file).deployedBytecode;
  const ranges: LinkReference[] = [
    ...Object.values(runtime.immutableReferences ?? {}).flat(),
    ...Object.values(runtime.linkReferences ?? {}).flatMap((byName) => Object.values(byName).flat()),
  ];
  const compiled = runtime.object.slice(2).toLowerCase();
  if (/^73(00){20}/.test(compiled)) ranges.push({ start: 1, length: 20 }); // a library's call protection
  const blank = (code: string): string => {
    let out = code;
    for (const { start, length } of ranges) out = out.slice(0, start * 2) + '00'.repeat(length) + out.slice((start + length) * 2);
    // The CBOR metadata trailer: its length is the code's last two bytes.
    const trailer = Number.parseInt(out.slice(-4), 16);
    return Number.isNaN(trailer) || trailer * 2 + 4 > out.length ? out : out.slice(0, -(trailer * 2 + 4));
  };
  const onChain = deployed.slice(2).toLowerCase();
  return onChain.length === compiled.length && blank(onChain) === blank(compiled);
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
