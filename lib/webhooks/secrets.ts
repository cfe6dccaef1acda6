import "server-only";
// Endpoint signing secrets: Standard Webhooks' `whsec_` + base64 of 32 random bytes, shown to the
// administrator once, stored sealed (lib/tokens/crypto.ts) and opened only to sign a delivery.
import { randomBytes } from "node:crypto";
import { open, seal, type SealedValue } from "@/lib/tokens/crypto";

export const newSigningSecret = () => `whsec_${randomBytes(32).toString("base64")}`;

const context = (endpointId: string) => ({ purpose: "webhook-signing-secret" as const, subject: endpointId });

export function sealSigningSecret(endpointId: string, secret: string): { cipher: Uint8Array<ArrayBuffer>; keyId: string } {
  const sealed = seal(secret, context(endpointId));
  return { cipher: sealed.ciphertext, keyId: sealed.keyId };
}

export function openSigningSecret(endpointId: string, sealed: Pick<SealedValue, "keyId"> & { ciphertext: Uint8Array }): string {
  return open({ keyId: sealed.keyId, ciphertext: new Uint8Array(sealed.ciphertext) }, context(endpointId)).toString("utf8");
}
