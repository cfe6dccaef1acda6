import { getEnv } from "@/lib/env";
import { createAppOnlyTokenProvider, type AppOnlyTokenProvider } from "./app-only-token";

let provider: AppOnlyTokenProvider | undefined;

/**
 * The process-wide app-only token provider built from the environment (AZURE_TENANT_ID,
 * AZURE_CLIENT_ID, AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH,
 * MICROSOFT_AUTHORITY_HOST). One per process so its token cache is shared.
 */
export function appOnlyTokenProviderFromEnv(): AppOnlyTokenProvider {
  if (provider) return provider;
  const env = getEnv();
  provider = createAppOnlyTokenProvider({
    tenantId: env.AZURE_TENANT_ID,
    clientId: env.AZURE_CLIENT_ID,
    clientSecret: env.AZURE_CLIENT_SECRET,
    certificatePath: env.AZURE_CLIENT_SECRET === undefined ? env.AZURE_CLIENT_CERTIFICATE_PATH : undefined,
    authorityHost: env.MICROSOFT_AUTHORITY_HOST,
  });
  return provider;
}

/** Forgets the cached provider (tests that change the environment). */
export function resetAppOnlyTokenProviderForTests(): void {
  provider = undefined;
}
