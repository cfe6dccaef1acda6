// Shared by the integration tests (*.int.test.ts) of every domain: staff sessions, waiting for a
// condition, fresh addresses. Test-only; nothing in the app imports it.
import { randomBytes } from "node:crypto";
import { vi } from "vitest";
import { STAFF_ROLES, type StaffRole, type StaffSession } from "@/lib/auth/permissions";
import { prisma } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { createGraphClient } from "@/lib/graph/client";
import { createAppOnlyTokenProvider } from "@/lib/identity/app-only-token";

export const uniqueEmail = (prefix = "guest") => `${prefix}-${randomBytes(5).toString("hex")}@fabrikam.com`;

/** A staff member as Auth.js would hand it to an action: a User row plus the roles from the ID token. */
export async function staffSession(roles: StaffRole[]): Promise<StaffSession> {
  const email = uniqueEmail("staff").replace("fabrikam.com", "contoso.com");
  const user = await prisma.user.create({
    data: { entraTenantId: "tenant", entraObjectId: randomBytes(8).toString("hex"), email, name: email, roles },
  });
  return { userId: user.id, email, name: email, roles };
}

export const adminSession = () => staffSession([STAFF_ROLES.admin]);
export const supportSession = () => staffSession([STAFF_ROLES.support]);

/** Polls `probe` (vitest's `vi.waitFor`) until it gives a value other than undefined, null or false. */
export function waitFor<T>(
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  options: { timeoutMs?: number; what?: string; intervalMs?: number } = {},
): Promise<T> {
  return vi.waitFor(
    async () => {
      const value = await probe();
      if (value === undefined || value === null || value === false)
        throw new Error(`Timed out waiting for ${options.what ?? "a condition"}`);
      return value;
    },
    { timeout: options.timeoutMs ?? 30_000, interval: options.intervalMs ?? 100 },
  );
}

export function inviteForm(fields: Record<string, string>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  return form;
}

/** An app-only Graph client with its own token cache, so a token reflects the app's permissions as they are now. */
export function freshGraphClient() {
  const env = getEnv();
  const tokens = createAppOnlyTokenProvider({
    tenantId: env.AZURE_TENANT_ID,
    clientId: env.AZURE_CLIENT_ID,
    clientSecret: env.AZURE_CLIENT_SECRET,
    authorityHost: env.MICROSOFT_AUTHORITY_HOST,
  });
  return createGraphClient({
    baseUrl: env.GRAPH_BASE_URL,
    getAccessToken: (options) => tokens.getAccessToken(options),
  });
}
