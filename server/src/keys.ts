// The endpoint's secrets (docs/proof-of-consent.md): an Ed25519 key that signs every consent receipt
// and checkpoint, and an HMAC key that signs the `assent_id` cookie. Kept in one JSON file, apart
// from the database, so that someone who can edit the database still cannot re-sign what they edit.
import { createHash, createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export const DEFAULT_KEY_FILE = './data/assent-key.json';
export const SIGNATURE_ALGORITHM = 'Ed25519';

/** A public key as `GET {endpoint}/keys` publishes it. */
export interface PublishedKey {
  kid: string;
  alg: typeof SIGNATURE_ALGORITHM;
  /** The raw 32-byte public key, base64url. */
  publicKey: string;
  jwk: { kty: 'OKP'; crv: 'Ed25519'; x: string };
  /** `current` signs new receipts; `retired` keys only verify older ones. */
  status: 'current' | 'retired';
}

export interface ServerKeys {
  /** Key id of the signing key: the first 16 hex digits of SHA-256 of its raw public key. */
  readonly kid: string;
  /** Ed25519 signature of `message`, base64url. */
  sign(message: string): string;
  /** Whether `signature` is `kid`'s signature of `message` (any published key). */
  verify(message: string, signature: string, kid: string): boolean;
  readonly published: readonly PublishedKey[];
  /** HMAC-SHA-256 of the id, base64url: what makes an `assent_id` cookie unforgeable. */
  cookieTag(id: string): string;
}

export interface KeyFile {
  version: 1;
  /** PKCS #8 DER, base64. */
  signingKey: string;
  /** 32 random bytes, base64. */
  cookieKey: string;
  /** Public keys of earlier signing keys, still published so their receipts verify. */
  retired?: Array<{ publicKey: string }>;
}

/** Reads the key file, or creates one (mode 0600) when there is none. */
export async function loadServerKeys(path: string): Promise<{ keys: ServerKeys; created: boolean }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`cannot read the key file ${path}: ${(error as Error).message}`);
    const file = newKeyFile();
    await mkdir(dirname(path), { recursive: true });
    // `wx`: two instances starting together must not both write a key; the loser reads the winner's.
    try {
      await writeFile(path, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
      return { keys: keysFrom(file, path), created: true };
    } catch (writeError) {
      if ((writeError as NodeJS.ErrnoException).code !== 'EEXIST') throw new Error(`cannot create the key file ${path}: ${(writeError as Error).message}`);
      return loadServerKeys(path);
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`the key file ${path} is not JSON; restore it from a backup, or move it away to create a new key`);
  }
  return { keys: keysFrom(parsed, path), created: false };
}

/** Keys that live as long as the process: for tests and for trying the endpoint out. */
export function ephemeralKeys(): ServerKeys {
  return keysFrom(newKeyFile(), '(ephemeral)');
}

/** The key file each ServerKeys was made from, for the SQLite writer thread to rebuild them. */
const materials = new WeakMap<ServerKeys, KeyFile>();

/** What another thread needs to sign as `keys` do (never leaves the process); undefined for keys made elsewhere. */
export function keyMaterial(keys: ServerKeys): KeyFile | undefined {
  return materials.get(keys);
}

/** The same keys in another thread, from `keyMaterial`. */
export function keysFromMaterial(material: KeyFile): ServerKeys {
  return keysFrom(material, '(key material from the main thread)');
}

function newKeyFile(): KeyFile {
  const { privateKey } = generateKeyPairSync('ed25519');
  return {
    version: 1,
    signingKey: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    cookieKey: randomBytes(32).toString('base64'),
    retired: [],
  };
}

function keysFrom(value: unknown, path: string): ServerKeys {
  const file = value as Partial<KeyFile> | null;
  const invalid = (what: string) => new Error(`the key file ${path} is invalid (${what}); restore it from a backup, or move it away to create a new key`);
  if (!file || typeof file !== 'object' || file.version !== 1) throw invalid('expected "version": 1');
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: Buffer.from(String(file.signingKey), 'base64'), format: 'der', type: 'pkcs8' });
  } catch {
    throw invalid('signingKey is not a PKCS #8 key');
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw invalid('signingKey is not an Ed25519 key');
  const cookieKey = Buffer.from(String(file.cookieKey ?? ''), 'base64');
  if (cookieKey.length < 32) throw invalid('cookieKey must be 32 bytes, base64');

  const current = publicKeyOf(createPublicKey(privateKey));
  const retired = (Array.isArray(file.retired) ? file.retired : []).map((entry) => {
    const raw = Buffer.from(String(entry?.publicKey ?? ''), 'base64url');
    if (raw.length !== 32) throw invalid('a retired publicKey is not 32 bytes, base64url');
    return publicKeyOf(createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' }));
  });
  const verifiers = new Map([current, ...retired].map((key) => [key.kid, key.object]));

  const keys: ServerKeys = {
    kid: current.kid,
    sign: (message) => sign(null, Buffer.from(message, 'utf8'), privateKey).toString('base64url'),
    verify(message, signature, kid) {
      const key = verifiers.get(kid);
      if (!key || !/^[A-Za-z0-9_-]{86}$/.test(signature)) return false;
      return verify(null, Buffer.from(message, 'utf8'), key, Buffer.from(signature, 'base64url'));
    },
    published: [published(current, 'current'), ...retired.map((key) => published(key, 'retired'))],
    cookieTag: (id) => createHmac('sha256', cookieKey).update(`assent_id\0${id}`, 'utf8').digest('base64url'),
  };
  materials.set(keys, file as KeyFile);
  return keys;
}

function publicKeyOf(object: KeyObject): { kid: string; raw: Buffer; object: KeyObject } {
  const raw = Buffer.from(String(object.export({ format: 'jwk' }).x), 'base64url');
  return { kid: createHash('sha256').update(raw).digest('hex').slice(0, 16), raw, object };
}

function published(key: { kid: string; raw: Buffer }, status: PublishedKey['status']): PublishedKey {
  const x = key.raw.toString('base64url');
  return { kid: key.kid, alg: SIGNATURE_ALGORITHM, publicKey: x, jwk: { kty: 'OKP', crv: 'Ed25519', x }, status };
}
