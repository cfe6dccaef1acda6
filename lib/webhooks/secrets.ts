import "server-only";
// Endpoint signing secrets: Standard Webhooks' `whsec_` + base64 of 32 random bytes, shown to the
// administrator once, stored sealed (lib/tokens/crypto.ts) and opened only to sign a delivery;
// re-sealed under the newest key by npm run rotate-keys like the tokens.
import { randomBytes } from "node:crypto";
import { prisma } from "@/lib/db/client";
import { isSealedWithCurrentKey, open, seal, type Keyring, type SealedValue } from "@/lib/tokens/crypto";

export const newSigningSecret = () => `whsec_${randomBytes(32).toString("base64")}`;

const context = (endpointId: string) => ({ purpose: "webhook-signing-secret" as const, subject: endpointId });

export function sealSigningSecret(
  endpointId: string,
  secret: string,
): { cipher: Uint8Array<ArrayBuffer>; keyId: string } {
  const sealed = seal(secret, context(endpointId));
  return { cipher: sealed.ciphertext, keyId: sealed.keyId };
}

export function openSigningSecret(
  endpointId: string,
  sealed: Pick<SealedValue, "keyId"> & { ciphertext: Uint8Array },
): string {
  return open({ keyId: sealed.keyId, ciphertext: new Uint8Array(sealed.ciphertext) }, context(endpointId)).toString(
    "utf8",
  );
}

/**
 * Re-seals an endpoint's secrets (current and, during an overlap, previous) still under an older
 * key (npm run rotate-keys), as a compare-and-set on the key ids read: a rotation of the secret
 * meanwhile wins and this reports "raced".
 */
export async function resealEndpointSecrets(
  endpointId: string,
  keyring: Keyring,
): Promise<"resealed" | "current" | "raced" | "gone"> {
  const row = await prisma.webhookEndpoint.findUnique({
    where: { id: endpointId },
    select: { secretCipher: true, secretKeyId: true, previousSecretCipher: true, previousSecretKeyId: true },
  });
  if (!row) return "gone";
  const stale = (keyId: string | null) => keyId !== null && !isSealedWithCurrentKey({ keyId }, keyring);
  if (!stale(row.secretKeyId) && !stale(row.previousSecretKeyId)) return "current";
  const reseal = (keyId: string, cipher: Uint8Array) =>
    seal(
      open({ keyId, ciphertext: new Uint8Array(cipher) }, context(endpointId), keyring),
      context(endpointId),
      keyring,
    );
  const current = stale(row.secretKeyId) ? reseal(row.secretKeyId, row.secretCipher) : null;
  const previous =
    row.previousSecretKeyId && row.previousSecretCipher && stale(row.previousSecretKeyId)
      ? reseal(row.previousSecretKeyId, row.previousSecretCipher)
      : null;
  const { count } = await prisma.webhookEndpoint.updateMany({
    where: { id: endpointId, secretKeyId: row.secretKeyId, previousSecretKeyId: row.previousSecretKeyId },
    data: {
      ...(current ? { secretCipher: current.ciphertext, secretKeyId: current.keyId } : {}),
      ...(previous ? { previousSecretCipher: previous.ciphertext, previousSecretKeyId: previous.keyId } : {}),
    },
  });
  return count === 1 ? "resealed" : "raced";
}
