import "server-only";
// Key rotation without downtime. The operator puts a new key first in TOKEN_ENCRYPTION_KEY and keeps
// the old ones after it, restarts (every process now seals with the new key and opens with any),
// then runs `npm run rotate-keys`: every grant cache and PKCE verifier still under an older key is
// re-sealed under the new one (and every webhook signing secret). Then the old key can be removed. Grants stay usable throughout: a
// refresher that saves meanwhile seals with the new key, and the re-seal is a compare-and-set that
// simply retries when it loses that race.
import { prisma } from "@/lib/db/client";
import { TokenDecryptionError, type Keyring } from "./crypto";
import { resealEndpointSecrets } from "@/lib/webhooks/secrets";
import { HOLDS_SEALED_VERIFIER, resealCodeVerifier, resealGrantTokenCache } from "./vault";

export interface RotationSummary {
  currentKeyId: string;
  grantsResealed: number;
  verifiersResealed: number;
  /** Webhook endpoints whose signing secrets were re-sealed. */
  webhookSecretsResealed: number;
  /** Rows still under an older key after the run that a listed key can open (should be 0; rerun if not). */
  remaining: number;
  /**
   * Rows no listed key can open (under a key already removed, or damaged). Rotation cannot help them:
   * their users must consent again. They are reported, not allowed to stop the rotation of the rest.
   */
  unreadable: { grantIds: string[]; consentAttemptIds: string[]; webhookEndpointIds: string[] };
}

/** Runs one re-seal; a value no listed key opens is recorded instead of aborting the whole run. */
async function resealOrRecord<T>(
  reseal: () => Promise<T>,
  unreadable: Set<string>,
  id: string,
): Promise<T | "unreadable"> {
  try {
    return await reseal();
  } catch (error) {
    if (!(error instanceof TokenDecryptionError)) throw error;
    unreadable.add(id);
    return "unreadable";
  }
}

const BATCH = 200;

export async function rotateTokenKeys(
  keyring: Keyring,
  options: { maxPasses?: number } = {},
): Promise<RotationSummary> {
  const current = keyring.current.id;
  let grantsResealed = 0;
  let verifiersResealed = 0;
  let webhookSecretsResealed = 0;
  const unreadableGrants = new Set<string>();
  const unreadableAttempts = new Set<string>();
  const unreadableEndpoints = new Set<string>();
  for (let pass = 0; pass < (options.maxPasses ?? 10); pass++) {
    let raced = 0;
    let cursor: string | undefined;
    for (;;) {
      const batch = await prisma.grant.findMany({
        where: { erasedAt: null, tokenCacheKeyId: { not: current }, ...(cursor ? { id: { gt: cursor } } : {}) },
        orderBy: { id: "asc" },
        take: BATCH,
        select: { id: true },
      });
      if (batch.length === 0) break;
      for (const { id } of batch) {
        if (unreadableGrants.has(id)) continue;
        const result = await resealOrRecord(() => resealGrantTokenCache(id, keyring), unreadableGrants, id);
        if (result === "resealed") grantsResealed += 1;
        if (result === "raced") raced += 1;
      }
      cursor = batch.at(-1)!.id;
    }
    const attempts = await prisma.consentAttempt.findMany({
      where: { encryptionKeyId: { not: current }, ...HOLDS_SEALED_VERIFIER },
      select: { id: true },
    });
    for (const { id } of attempts) {
      if (unreadableAttempts.has(id)) continue;
      const result = await resealOrRecord(() => resealCodeVerifier(id, keyring), unreadableAttempts, id);
      if (result === "resealed") verifiersResealed += 1;
    }
    const endpoints = await prisma.webhookEndpoint.findMany({
      where: {
        OR: [
          { secretKeyId: { not: current } },
          { AND: [{ previousSecretKeyId: { not: null } }, { previousSecretKeyId: { not: current } }] },
        ],
      },
      select: { id: true },
    });
    for (const { id } of endpoints) {
      if (unreadableEndpoints.has(id)) continue;
      const result = await resealOrRecord(() => resealEndpointSecrets(id, keyring), unreadableEndpoints, id);
      if (result === "resealed") webhookSecretsResealed += 1;
      if (result === "raced") raced += 1;
    }
    if (raced === 0) break;
  }
  const remaining =
    (await prisma.grant.count({
      where: { erasedAt: null, tokenCacheKeyId: { not: current }, id: { notIn: [...unreadableGrants] } },
    })) +
    (await prisma.consentAttempt.count({
      where: {
        encryptionKeyId: { not: current },
        ...HOLDS_SEALED_VERIFIER,
        id: { notIn: [...unreadableAttempts] },
      },
    }));
  return {
    currentKeyId: current,
    grantsResealed,
    verifiersResealed,
    webhookSecretsResealed,
    remaining,
    unreadable: {
      grantIds: [...unreadableGrants],
      consentAttemptIds: [...unreadableAttempts],
      webhookEndpointIds: [...unreadableEndpoints],
    },
  };
}
