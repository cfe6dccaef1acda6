// Consented grants for the scenarios that need them (refresh, send), stored the way the consent
// callback stores them: the emulator's scenario holds each home account and its recorded consent; its
// first refresh token is minted by the emulator in this process and redeemed through the real token
// endpoint with MSAL, whose cache the vault stores exactly as the callback does (forceCache: MSAL
// otherwise keeps refresh-flow answers only for accounts already in the cache). A browser round trip
// per grant would add minutes and test nothing new.
import { newRefreshToken } from "@/emulator/identity/user-tokens";
import type { RunningEmulator } from "@/emulator/server";
import { DEMO_APP, DEMO_TENANTS } from "@/emulator/state/default-scenario";
import { prisma } from "@/lib/db/client";
import { resourceScopes } from "@/lib/grants/grant-token";
import { PendingConsentCache } from "@/lib/tokens/cache-plugin";
import { createDelegatedClient, delegatedConfigFromEnv } from "@/lib/tokens/delegated-client";
import { storeConsentedGrant } from "@/lib/tokens/vault";
import { benchHomeUpn, benchHomeUserId, CONSENT_SCOPES } from "./stack";

const FAR_FUTURE = new Date("2099-01-01T00:00:00Z");

/**
 * Grants of the emulator's consented users 1…count, with fresh tokens from this emulator; returns
 * their ids. The database outlives a scenario's emulator, so a user an earlier scenario stored keeps
 * its invitation and grant, and gets this emulator's tokens.
 */
export async function storeBenchGrants(
  emulator: RunningEmulator,
  count: number,
  log: (line: string) => void,
): Promise<string[]> {
  const config = delegatedConfigFromEnv();
  await prisma.invitation.createMany({
    data: Array.from({ length: count }, (_, i) => ({
      email: benchHomeUpn(i + 1),
      displayName: `Grant user ${i + 1}`,
      status: "Consented" as const,
    })),
    skipDuplicates: true,
  });
  const invitationIds = new Map(
    (
      await prisma.invitation.findMany({
        where: { email: { startsWith: "grant-user-" } },
        select: { id: true, email: true },
      })
    ).map((row) => [row.email, row.id]),
  );
  const grantIds: string[] = [];
  let next = 1;
  const lane = async () => {
    while (next <= count) {
      const n = next++;
      const refreshToken = newRefreshToken(emulator.state, {
        appId: DEMO_APP.clientId,
        tenantId: DEMO_TENANTS.fabrikam.id,
        userId: benchHomeUserId(n),
        scopes: CONSENT_SCOPES,
        authTime: Math.floor(Date.now() / 1000),
      });
      const cache = new PendingConsentCache();
      const client = await createDelegatedClient(config, cache);
      const result = await client.acquireTokenByRefreshToken({
        refreshToken,
        scopes: resourceScopes(config.scopes),
        forceCache: true,
      });
      if (!result?.account) throw new Error(`no account in the token answer for grant user ${n}`);
      const stored = await storeConsentedGrant({
        invitationId: invitationIds.get(benchHomeUpn(n)) as string,
        homeAccountId: result.account.homeAccountId,
        homeTenantId: result.account.tenantId,
        objectId: result.account.localAccountId,
        username: result.account.username,
        scopes: result.scopes,
        serializedCache: cache.takeSerialized(),
        accessTokenExpiresAt: result.expiresOn ?? null,
        nextRefreshAt: FAR_FUTURE,
      });
      if (stored.kind === "conflict") throw new Error(`grant user ${n}: ${stored.conflict}`);
      grantIds.push(stored.grantId);
      if (grantIds.length % 1000 === 0) log(`    ${grantIds.length} grants stored`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, lane));
  return grantIds.sort();
}
