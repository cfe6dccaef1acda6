import "server-only";
// AES-256-GCM for secrets at rest (MSAL token caches, PKCE verifiers). Every sealed value names the
// key that sealed it, so TOKEN_ENCRYPTION_KEY can list several keys: the first seals, all of them open
// (rotation without downtime). The associated data binds a ciphertext to its purpose, its row and its
// key id: a blob copied into another grant's row, or relabelled with another key id, fails to open.
// Keys never leave this module's callers.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { getEnv, parseTokenEncryptionKeys, type TokenEncryptionKey } from "@/lib/env";

const FORMAT_VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + IV_BYTES + TAG_BYTES;

/** Where a sealed value lives: e.g. `{ purpose: "grant-token-cache", subject: grantId }`. */
export interface SealContext {
  purpose: "grant-token-cache" | "consent-code-verifier" | "webhook-signing-secret";
  /** The row the value belongs to (grant id, OAuth state hash). */
  subject: string;
}

export interface SealedValue {
  keyId: string;
  /** version (1 byte) | IV (12) | GCM tag (16) | ciphertext */
  ciphertext: Uint8Array<ArrayBuffer>;
}

/** The keys in TOKEN_ENCRYPTION_KEY order; the first one seals. */
export interface Keyring {
  readonly current: TokenEncryptionKey;
  find(keyId: string): TokenEncryptionKey | undefined;
  readonly ids: readonly string[];
}

export class TokenDecryptionError extends Error {
  override readonly name = "TokenDecryptionError";
  constructor(
    message: string,
    readonly reason: "unknown_key" | "malformed" | "authentication",
  ) {
    super(message);
  }
}

export function createKeyring(keys: readonly TokenEncryptionKey[]): Keyring {
  const [current] = keys;
  if (!current) throw new Error("A keyring needs at least one key");
  const byId = new Map(keys.map((key) => [key.id, key]));
  return { current, find: (keyId) => byId.get(keyId), ids: keys.map((key) => key.id) };
}

let envKeyring: { source: string; keyring: Keyring } | undefined;

/** The keyring of TOKEN_ENCRYPTION_KEY (validated at start-up by lib/env). */
export function keyringFromEnv(): Keyring {
  const source = getEnv().TOKEN_ENCRYPTION_KEY;
  if (envKeyring?.source !== source) envKeyring = { source, keyring: createKeyring(parseTokenEncryptionKeys(source)) };
  return envKeyring.keyring;
}

function associatedData(context: SealContext, keyId: string): Buffer {
  return Buffer.from(`guestpass/${FORMAT_VERSION}/${context.purpose}/${keyId}/${context.subject}`, "utf8");
}

export function seal(
  plaintext: string | Uint8Array,
  context: SealContext,
  keyring: Keyring = keyringFromEnv(),
): SealedValue {
  const { id, key } = keyring.current;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(associatedData(context, id));
  const body = Buffer.concat([
    cipher.update(typeof plaintext === "string" ? Buffer.from(plaintext, "utf8") : plaintext),
    cipher.final(),
  ]);
  const out = new Uint8Array(new ArrayBuffer(HEADER_BYTES + body.length));
  out[0] = FORMAT_VERSION;
  out.set(iv, 1);
  out.set(cipher.getAuthTag(), 1 + IV_BYTES);
  out.set(body, HEADER_BYTES);
  return { keyId: id, ciphertext: out };
}

export function open(sealed: SealedValue, context: SealContext, keyring: Keyring = keyringFromEnv()): Buffer {
  const entry = keyring.find(sealed.keyId);
  // The message names the key id only (not secret), so an operator knows which key is missing.
  if (!entry)
    throw new TokenDecryptionError(
      `No key "${sealed.keyId}" in TOKEN_ENCRYPTION_KEY: it was removed before every value was re-encrypted (npm run rotate-keys).`,
      "unknown_key",
    );
  const blob = Buffer.from(sealed.ciphertext);
  if (blob.length < HEADER_BYTES || blob[0] !== FORMAT_VERSION)
    throw new TokenDecryptionError("Sealed value is malformed", "malformed");
  const decipher = createDecipheriv("aes-256-gcm", entry.key, blob.subarray(1, 1 + IV_BYTES), {
    authTagLength: TAG_BYTES,
  });
  decipher.setAAD(associatedData(context, sealed.keyId));
  decipher.setAuthTag(blob.subarray(1 + IV_BYTES, HEADER_BYTES));
  try {
    return Buffer.concat([decipher.update(blob.subarray(HEADER_BYTES)), decipher.final()]);
  } catch {
    throw new TokenDecryptionError(
      "Sealed value failed authentication (tampered, or sealed for another row)",
      "authentication",
    );
  }
}

export function openString(sealed: SealedValue, context: SealContext, keyring?: Keyring): string {
  return open(sealed, context, keyring).toString("utf8");
}

/** Does this value need re-sealing under the current key? */
export function isSealedWithCurrentKey(
  sealed: Pick<SealedValue, "keyId">,
  keyring: Keyring = keyringFromEnv(),
): boolean {
  return sealed.keyId === keyring.current.id;
}
