import "server-only";
// MSAL Node clients that act for invited users (delegated tokens): the consent flow and the grant
// refresher. Authority `${MICROSOFT_AUTHORITY_HOST}/${CONSENT_AUTHORITY}` — `common` by default, the
// seed's fix: a tenant authority makes a guest's token one of *our* tenant, and Exchange answers
// MailboxNotEnabledForRESTAPI. A fresh client per operation keeps each grant's cache partition apart.
import { ConfidentialClientApplication, LogLevel, type ICachePlugin } from "@azure/msal-node";
import { getEnv } from "@/lib/env";
import { authorityMetadata, authorityUrl } from "@/lib/identity/authority-metadata";
import { clientCredentialFromEnv, msalCredential, type ClientCredential } from "@/lib/identity/credential";

export interface DelegatedClientConfig {
  clientId: string;
  /** MICROSOFT_AUTHORITY_HOST, https, no trailing slash. */
  authorityHost: string;
  /** CONSENT_AUTHORITY: common, organizations or a tenant id. */
  authority: string;
  scopes: string[];
  /** `${APP_URL}/consent/callback`, registered on the app. */
  redirectUri: string;
  credential: ClientCredential;
}

export function delegatedConfigFromEnv(overrides: Partial<DelegatedClientConfig> = {}): DelegatedClientConfig {
  const env = getEnv();
  return {
    clientId: env.AZURE_CLIENT_ID,
    authorityHost: env.MICROSOFT_AUTHORITY_HOST,
    authority: env.CONSENT_AUTHORITY,
    scopes: env.CONSENT_SCOPES,
    redirectUri: `${env.APP_URL}/consent/callback`,
    credential: clientCredentialFromEnv(),
    ...overrides,
  };
}

/** A client whose token cache is exactly one partition (a grant, or a consent in progress). */
export async function createDelegatedClient(
  config: DelegatedClientConfig,
  cachePlugin: ICachePlugin,
): Promise<ConfidentialClientApplication> {
  const [credential, metadata] = await Promise.all([msalCredential(config.credential), authorityMetadata(config)]);
  return new ConfidentialClientApplication({
    auth: {
      clientId: config.clientId,
      authority: authorityUrl(config),
      // Trusting the configured host skips instance discovery against Microsoft's global endpoint.
      knownAuthorities: [new URL(config.authorityHost).host],
      // The metadata fetched once per process: no discovery request per operation.
      authorityMetadata: metadata.raw,
      ...credential,
    },
    cache: { cachePlugin },
    // PII logging off and no logger output: MSAL's verbose logs can include token endpoints' answers.
    system: { loggerOptions: { logLevel: LogLevel.Error, piiLoggingEnabled: false, loggerCallback: () => {} } },
  });
}
