import "server-only";
import { ConfidentialClientApplication, LogLevel, type INetworkModule } from "@azure/msal-node";
import { loadClientCertificate, type ClientCertificateCredential } from "./certificate";
import { msalCredentialOf, type MsalCredential } from "./credential";
import { applicationPermissionsFromRoles, rolesOfAccessToken, type ApplicationPermissions } from "./token-claims";

/**
 * App-only (client-credentials) tokens for Graph: inviting, reading guests, status sync.
 * MSAL Node's in-memory cache keeps the token until shortly before it expires, so one token
 * request serves every Graph call of its lifetime; concurrent callers share one request.
 * It holds secrets, so never import
 * it from client components.
 */
export interface AppOnlyTokenConfig {
  tenantId: string;
  clientId: string;
  /** Exactly one of clientSecret / certificatePath / certificate. */
  clientSecret?: string;
  certificatePath?: string;
  certificate?: ClientCertificateCredential;
  /** Identity platform base URL (MICROSOFT_AUTHORITY_HOST), https, no trailing slash. */
  authorityHost: string;
  /** Override the `.default` scope's resource (an app id or app ID URI); defaults to Microsoft Graph's app id. */
  graphResource?: string;
  /** OIDC metadata of the authority as a JSON string: skips MSAL's discovery request. */
  authorityMetadata?: string;
  /** Transport override (tests, outbound proxies). */
  networkClient?: INetworkModule;
}

export interface AppOnlyToken {
  accessToken: string;
  expiresOn: Date;
  /** Graph application permissions in the token (`roles`). */
  roles: readonly string[];
}

export type AppCredentialInfo = { kind: "secret" } | { kind: "certificate"; thumbprintSha256: string; notAfter: Date };

export interface AppOnlyTokenProvider {
  /** A valid token; cached until it nears expiry. `forceRefresh` skips the cache (after a 401). */
  /**
   * `refused`: the token a 401 answered; when the provider has renewed it since (another request
   * hit the same 401 first), the renewed token is returned without asking again.
   */
  getToken(options?: { forceRefresh?: boolean; refused?: string }): Promise<AppOnlyToken>;
  getAccessToken(options?: { forceRefresh?: boolean; refused?: string }): Promise<string>;
  /** What the app may do in Graph, read from the current token's `roles`. */
  getApplicationPermissions(): Promise<ApplicationPermissions>;
  /** Which credential is configured, for the settings page (never the secret itself). */
  describeCredential(): Promise<AppCredentialInfo>;
  /** The scope requested, e.g. "00000003-0000-0000-c000-000000000000/.default". */
  readonly scope: string;
}

/**
 * Microsoft Graph's application id: the same in every national cloud, accepted by the identity
 * platform as a resource exactly like Graph's app ID URI. Using it keeps Microsoft host names out
 * of the code and lets GRAPH_BASE_URL point at the emulator or a proxy: where Graph is reached and
 * which resource the token is for are different questions.
 */
export const MICROSOFT_GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";

/** `<resource>/.default`: client credentials always ask for all granted application permissions. */
export function graphDefaultScope(graphResource: string = MICROSOFT_GRAPH_APP_ID): string {
  return `${graphResource.replace(/\/+$/, "")}/.default`;
}

async function credentialOf(config: AppOnlyTokenConfig): Promise<{ msal: MsalCredential; info: AppCredentialInfo }> {
  const kinds = [config.clientSecret, config.certificatePath, config.certificate].filter((v) => v !== undefined);
  if (kinds.length !== 1) throw new Error("Configure exactly one app credential: a client secret or a certificate.");
  if (config.clientSecret !== undefined)
    return { msal: { clientSecret: config.clientSecret }, info: { kind: "secret" } };
  const cert = config.certificate ?? (await loadClientCertificate(config.certificatePath as string));
  return {
    msal: msalCredentialOf(cert),
    info: { kind: "certificate", thumbprintSha256: cert.thumbprintSha256, notAfter: cert.notAfter },
  };
}

export function createAppOnlyTokenProvider(config: AppOnlyTokenConfig): AppOnlyTokenProvider {
  const authorityHost = config.authorityHost.replace(/\/+$/, "");
  if (!authorityHost.startsWith("https://"))
    throw new Error("The authority host must be an https URL (MSAL refuses http).");
  const scope = graphDefaultScope(config.graphResource);

  let credential: Promise<{ msal: MsalCredential; info: AppCredentialInfo }> | undefined;
  const getCredential = () =>
    (credential ??= credentialOf(config)).catch((error: unknown) => {
      credential = undefined; // a fixed certificate file should work on the next call
      throw error;
    });
  let application: Promise<ConfidentialClientApplication> | undefined;
  const getApplication = () =>
    (application ??= getCredential().then(
      ({ msal }) =>
        new ConfidentialClientApplication({
          auth: {
            clientId: config.clientId,
            authority: `${authorityHost}/${config.tenantId}`,
            // Trusting the configured host skips MSAL's instance discovery against Microsoft's
            // global endpoint, which the emulator (or an air-gapped network) cannot answer.
            knownAuthorities: [new URL(authorityHost).host],
            // MSAL spreads these over its defaults: an explicit undefined would erase them.
            ...(config.authorityMetadata ? { authorityMetadata: config.authorityMetadata } : {}),
            ...msal,
          },
          system: {
            ...(config.networkClient ? { networkClient: config.networkClient } : {}),
            loggerOptions: { logLevel: LogLevel.Warning, piiLoggingEnabled: false, loggerCallback: () => {} },
          },
        }),
    )).catch((error: unknown) => {
      application = undefined; // a fixed certificate file should work on the next call
      throw error;
    });

  let inFlight: Promise<AppOnlyToken> | undefined;
  let latest: AppOnlyToken | undefined;
  const acquire = async (skipCache: boolean): Promise<AppOnlyToken> => {
    const app = await getApplication();
    const result = await app.acquireTokenByClientCredential({ scopes: [scope], skipCache });
    if (!result?.accessToken) throw new Error("The identity platform returned no access token.");
    latest = {
      accessToken: result.accessToken,
      expiresOn: result.expiresOn ?? new Date(Date.now() + 5 * 60_000),
      roles: rolesOfAccessToken(result.accessToken),
    };
    return latest;
  };

  let refreshing: Promise<AppOnlyToken> | undefined;
  const getToken = (options?: { forceRefresh?: boolean; refused?: string }) => {
    if (options?.forceRefresh) {
      // A request that sent the old token may hear its 401 after another one's renewal finished:
      // the renewed token is the answer, not a second request to the identity platform.
      if (
        options.refused &&
        latest &&
        latest.accessToken !== options.refused &&
        latest.expiresOn.getTime() > Date.now() + 60_000
      )
        return Promise.resolve(latest);
      // Many requests may hit the same revoked token at once: one refresh serves them all.
      refreshing ??= acquire(true).finally(() => {
        refreshing = undefined;
      });
      return refreshing;
    }
    // Coalesce concurrent callers so a burst of jobs makes one request, not one each.
    if (refreshing) return refreshing;
    inFlight ??= acquire(false).finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };

  return {
    scope,
    getToken,
    getAccessToken: async (options) => (await getToken(options)).accessToken,
    getApplicationPermissions: async () => applicationPermissionsFromRoles((await getToken()).roles),
    describeCredential: async () => (await getCredential()).info,
  };
}
