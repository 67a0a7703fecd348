import { createCipheriv, createDecipheriv, pbkdf2Sync, randomBytes, randomUUID, scryptSync, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';

import { bytesToHex, hexToBytes, isHex, keccak256, type Hex, type LocalAccount } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';

import { KeystoreError } from './errors.js';

/**
 * Where the oracle's signing key comes from:
 * - `{ env: 'ORACLE_PRIVATE_KEY' }`: a 0x-prefixed (or bare) 32-byte hex key in an environment variable;
 * - `{ file: '/path/key.txt' }`: a file holding the hex key (surrounding whitespace ignored);
 * - `{ keystore: '/path/key.json', passwordEnv: 'ORACLE_KEYSTORE_PASSWORD' }`: an Ethereum V3 JSON
 *   keystore (scrypt or pbkdf2, aes-128-ctr), decrypted with the password from the environment.
 * The key itself is never logged, nor part of any error message.
 */
export type KeySource = { env: string } | { file: string } | { keystore: string; passwordEnv: string };

export function loadAccount(source: KeySource, env: NodeJS.ProcessEnv = process.env): LocalAccount {
  return privateKeyToAccount(loadPrivateKey(source, env));
}

export function loadPrivateKey(source: KeySource, env: NodeJS.ProcessEnv = process.env): Hex {
  if ('env' in source) {
    const value = env[source.env];
    if (!value) throw new KeystoreError(`environment variable ${source.env} (the oracle key) is not set`);
    return parsePrivateKey(value, `environment variable ${source.env}`);
  }
  if ('file' in source) return parsePrivateKey(readText(source.file), `key file ${source.file}`);
  const password = env[source.passwordEnv];
  if (password === undefined) throw new KeystoreError(`environment variable ${source.passwordEnv} (the keystore password) is not set`);
  let json: unknown;
  try {
    json = JSON.parse(readText(source.keystore));
  } catch (error) {
    if (error instanceof KeystoreError) throw error;
    throw new KeystoreError(`keystore ${source.keystore} is not JSON`, { cause: error });
  }
  return decryptKeystore(json, password, source.keystore);
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new KeystoreError(`cannot read ${path}`, { cause: error });
  }
}

function parsePrivateKey(text: string, where: string): Hex {
  const trimmed = text.trim();
  const hex = (trimmed.startsWith('0x') ? trimmed : `0x${trimmed}`) as Hex;
  if (!isHex(hex) || hex.length !== 66) throw new KeystoreError(`${where} does not hold a 32-byte hex private key`);
  return hex;
}

interface V3Keystore {
  version: 3;
  id: string;
  address?: string;
  crypto: {
    cipher: 'aes-128-ctr';
    ciphertext: string;
    cipherparams: { iv: string };
    kdf: 'scrypt' | 'pbkdf2';
    kdfparams: { dklen: number; salt: string; n?: number; r?: number; p?: number; c?: number; prf?: string };
    mac: string;
  };
}

const unhex = (s: string) => hexToBytes((s.startsWith('0x') ? s : `0x${s}`) as Hex);

/** Decrypts an Ethereum V3 keystore (`crypto` or `Crypto` section). */
export function decryptKeystore(json: unknown, password: string, where = 'keystore'): Hex {
  const root = json as { version?: unknown; crypto?: V3Keystore['crypto']; Crypto?: V3Keystore['crypto'] };
  const c = root?.crypto ?? root?.Crypto;
  if (root?.version !== 3 || !c || typeof c !== 'object') throw new KeystoreError(`${where} is not a V3 keystore`);
  if (c.cipher !== 'aes-128-ctr') throw new KeystoreError(`${where}: unsupported cipher ${String(c.cipher)}`);
  const p = c.kdfparams;
  let derived: Buffer;
  try {
    const salt = unhex(p.salt);
    if (c.kdf === 'scrypt') {
      const N = p.n ?? 0;
      const r = p.r ?? 8;
      derived = scryptSync(password.normalize('NFKC'), salt, p.dklen, { N, r, p: p.p ?? 1, maxmem: 256 * N * r + 1024 * 1024 });
    } else if (c.kdf === 'pbkdf2') {
      if (p.prf !== 'hmac-sha256') throw new KeystoreError(`${where}: unsupported prf ${String(p.prf)}`);
      derived = pbkdf2Sync(password.normalize('NFKC'), salt, p.c ?? 0, p.dklen, 'sha256');
    } else throw new KeystoreError(`${where}: unsupported kdf ${String(c.kdf)}`);
  } catch (error) {
    if (error instanceof KeystoreError) throw error;
    throw new KeystoreError(`${where}: bad kdf parameters`, { cause: error });
  }
  const ciphertext = unhex(c.ciphertext);
  const mac = unhex(keccak256(new Uint8Array([...derived.subarray(16, 32), ...ciphertext])));
  const expected = unhex(c.mac);
  if (mac.length !== expected.length || !timingSafeEqual(mac, expected)) throw new KeystoreError(`${where}: wrong password (MAC mismatch)`);
  const decipher = createDecipheriv('aes-128-ctr', derived.subarray(0, 16), unhex(c.cipherparams.iv));
  const key = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  return bytesToHex(key);
}

/** Encrypts `privateKey` as a V3 keystore (scrypt; `n` 2^18 by default, lower it only for tests). */
export function encryptKeystore(privateKey: Hex, password: string, options: { n?: number } = {}): V3Keystore {
  const n = options.n ?? 262_144;
  const r = 8;
  const salt = randomBytes(32);
  const iv = randomBytes(16);
  const derived = scryptSync(password.normalize('NFKC'), salt, 32, { N: n, r, p: 1, maxmem: 256 * n * r + 1024 * 1024 });
  const cipher = createCipheriv('aes-128-ctr', derived.subarray(0, 16), iv);
  const ciphertext = Buffer.concat([cipher.update(hexToBytes(privateKey)), cipher.final()]);
  const mac = keccak256(new Uint8Array([...derived.subarray(16, 32), ...ciphertext]));
  return {
    version: 3,
    id: randomUUID(),
    address: privateKeyToAccount(privateKey).address.slice(2).toLowerCase(),
    crypto: {
      cipher: 'aes-128-ctr',
      ciphertext: ciphertext.toString('hex'),
      cipherparams: { iv: iv.toString('hex') },
      kdf: 'scrypt',
      kdfparams: { dklen: 32, salt: salt.toString('hex'), n, r, p: 1 },
      mac: mac.slice(2),
    },
  };
}
