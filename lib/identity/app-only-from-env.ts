import "server-only";
import { getEnv } from "@/lib/env";
import { createAppOnlyTokenProvider, type AppOnlyTokenProvider } from "./app-only-token";
import { clientCredentialFromEnv } from "./credential";

let provider: AppOnlyTokenProvider | undefined;

/**
 * The process-wide app-only token provider built from the environment (AZURE_TENANT_ID,
 * AZURE_CLIENT_ID, AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH,
 * MICROSOFT_AUTHORITY_HOST). One per process so its token cache is shared.
 */
export function appOnlyTokenProviderFromEnv(): AppOnlyTokenProvider {
  if (provider) return provider;
  const env = getEnv();
  const credential = clientCredentialFromEnv();
  provider = createAppOnlyTokenProvider({
    tenantId: env.AZURE_TENANT_ID,
    clientId: env.AZURE_CLIENT_ID,
    ...(credential.kind === "secret" ? { clientSecret: credential.secret } : { certificatePath: credential.path }),
    authorityHost: env.MICROSOFT_AUTHORITY_HOST,
  });
  return provider;
}

/** Forgets the cached provider (tests that change the environment). */
export function resetAppOnlyTokenProviderForTests(): void {
  provider = undefined;
}
