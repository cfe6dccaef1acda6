// Entra ID's OAuth error responses: the same `error`, `error_description` ("AADSTSnnnnn: …" plus
// trace/correlation/timestamp lines), `error_codes`, `timestamp`, `trace_id`, `correlation_id` and
// `error_uri` a client gets from login.microsoftonline.com, for the codes the emulator enforces.
import { randomUUID } from "node:crypto";

export type OAuthErrorName =
  | "invalid_request"
  | "invalid_client"
  | "invalid_grant"
  | "unauthorized_client"
  | "invalid_scope"
  | "unsupported_grant_type"
  | "unsupported_response_type"
  | "access_denied"
  | "consent_required"
  | "interaction_required"
  | "login_required"
  | "temporarily_unavailable"
  | "server_error"
  | "invalid_resource";

/** An identity-platform error, raised anywhere in an identity route and rendered by the route. */
export class IdentityError extends Error {
  readonly traceId = randomUUID();
  /** Entra echoes the client's `client-request-id` here (see withCorrelation). */
  correlationId: string;
  readonly time = new Date();

  constructor(
    readonly error: OAuthErrorName,
    /** null for the personal-account service's answers, which carry no AADSTS code. */
    readonly code: number | null,
    /** The text after "AADSTSnnnnn: ". */
    readonly detail: string,
    readonly status = error === "invalid_client" ? 401 : 400,
    correlationId?: string,
    readonly suberror?: string,
  ) {
    super(code === null ? detail : `AADSTS${code}: ${detail}`);
    this.name = "IdentityError";
    this.correlationId = correlationId ?? randomUUID();
  }

  /** Uses the client's `client-request-id` as the correlation id, as Entra does. */
  withCorrelation(clientRequestId: string | string[] | undefined): this {
    if (typeof clientRequestId === "string" && /^[0-9a-f-]{36}$/i.test(clientRequestId))
      this.correlationId = clientRequestId;
    return this;
  }

  /** Entra's "2026-11-24 14:02:11Z" timestamp format. */
  get timestamp(): string {
    return this.time
      .toISOString()
      .replace("T", " ")
      .replace(/\.\d+Z$/, "Z");
  }

  get description(): string {
    return `${this.code === null ? "" : `AADSTS${this.code}: `}${this.detail} Trace ID: ${this.traceId} Correlation ID: ${this.correlationId} Timestamp: ${this.timestamp}`;
  }

  /** The JSON body of /token errors. */
  toJSON(authorityHost: string): Record<string, unknown> {
    return {
      error: this.error,
      error_description: this.description,
      error_codes: this.code === null ? [] : [this.code],
      timestamp: this.timestamp,
      trace_id: this.traceId,
      correlation_id: this.correlationId,
      ...(this.code === null ? {} : { error_uri: `${authorityHost}/error?code=${this.code}` }),
      ...(this.suberror ? { suberror: this.suberror } : {}),
    };
  }

  /** Query/form parameters for errors sent back to a redirect URI from /authorize. */
  toRedirectParams(state: string | null, authorityHost: string): Record<string, string> {
    return {
      error: this.error,
      error_description: this.description,
      ...(this.code === null ? {} : { error_uri: `${authorityHost}/error?code=${this.code}` }),
      ...(state !== null ? { state } : {}),
    };
  }
}

/** The errors the emulator enforces, worded as Entra words them. */
export const aadsts = {
  invalidRequest: (detail: string) => new IdentityError("invalid_request", 900144, detail),
  missingParameter: (name: string) =>
    new IdentityError("invalid_request", 900144, `The request body must contain the following parameter: '${name}'.`),
  unsupportedGrant: (grant: string) =>
    new IdentityError("unsupported_grant_type", 70003, `The app requested an unsupported grant type '${grant}'.`),
  unsupportedResponseType: (type: string) =>
    new IdentityError(
      "unsupported_response_type",
      700054,
      `response_type '${type}' is not enabled for the application.`,
    ),
  tenantNotFound: (tenant: string) =>
    new IdentityError(
      "invalid_request",
      90002,
      `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
    ),
  appNotFound: (appId: string, tenantName: string) =>
    new IdentityError(
      "unauthorized_client",
      700016,
      `Application with identifier '${appId}' was not found in the directory '${tenantName}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    ),
  invalidSecret: (appId: string) =>
    new IdentityError(
      "invalid_client",
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${appId}'.`,
    ),
  expiredSecret: (appId: string) =>
    new IdentityError(
      "invalid_client",
      7000222,
      `The provided client secret keys for app '${appId}' are expired. Visit the Azure portal to create new keys for your app.`,
    ),
  missingClientCredential: () =>
    new IdentityError(
      "invalid_client",
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    ),
  assertionCertificateUnknown: (thumbprint: string, appId: string) =>
    new IdentityError(
      "invalid_client",
      700027,
      `The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${thumbprint}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${appId}'.]`,
    ),
  assertionInvalid: (why: string) =>
    new IdentityError("invalid_client", 700027, `Client assertion failed signature validation. ${why}`),
  assertionAudience: () =>
    new IdentityError(
      "invalid_client",
      700212,
      "No matching federated identity record found for presented assertion audience.",
    ),
  redirectUriMismatch: (redirectUri: string, appId: string) =>
    new IdentityError(
      "invalid_request",
      50011,
      `The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${appId}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal. Navigate to https://aka.ms/redirectUriMismatchError to learn more about how to fix this.`,
    ),
  // Entra answers a token-side mismatch with 50011 too, worded against the code's redirect URI.
  codeRedirectMismatch: (given: string, expected: string) =>
    new IdentityError(
      "invalid_grant",
      50011,
      `The reply address '${given}' does not match the reply address '${expected}' provided when requesting Authorization code.`,
    ),
  singleTenantViaCommon: (appId: string, appName: string) =>
    new IdentityError(
      "invalid_request",
      50194,
      `Application '${appId}'(${appName}) is not configured as a multi-tenant application. Usage of the /common endpoint is not supported for such applications created after '10/15/2018'. Use a tenant-specific endpoint or configure the application to be multi-tenant.`,
    ),
  userNotInTenant: (signInName: string, homeIssuer: string, tenantName: string, appId: string, appName: string) =>
    new IdentityError(
      "invalid_request",
      50020,
      `User account '${signInName}' from identity provider '${homeIssuer}' does not exist in tenant '${tenantName}' and cannot access the application '${appId}'(${appName}) in that tenant. The account needs to be added as an external user in the tenant first. Sign out and sign in again with a different Azure Active Directory user account.`,
    ),
  userNotFound: (tenantName: string) =>
    new IdentityError(
      "invalid_request",
      50034,
      `The user account {EUII Hidden} does not exist in the ${tenantName} directory. To sign into this application, the account must be added to the directory.`,
    ),
  invalidPassword: () =>
    new IdentityError("invalid_grant", 50126, "Error validating credentials due to invalid username or password."),
  codeExpired: () =>
    new IdentityError(
      "invalid_grant",
      70008,
      "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.",
    ),
  codeRedeemed: () =>
    new IdentityError(
      "invalid_grant",
      54005,
      "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.",
    ),
  codeInvalid: () => new IdentityError("invalid_grant", 9002313, "Invalid request. Request is malformed or invalid."),
  refreshExpired: (lastUsed: Date, lifetimeSeconds: number) =>
    new IdentityError(
      "invalid_grant",
      700082,
      `The refresh token has expired due to inactivity. The token was issued on ${lastUsed.toISOString()} and was inactive for ${Math.round(lifetimeSeconds / 86_400)}.00:00:00.`,
    ),
  refreshRevoked: () =>
    new IdentityError(
      "invalid_grant",
      50173,
      "The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password. The grant was issued on '2026-01-01T00:00:00.0000000Z' and the TokensValidFrom date (before which tokens are not valid) for this user is '" +
        new Date().toISOString() +
        "'.",
    ),
  refreshMalformed: () =>
    new IdentityError("invalid_grant", 9002313, "Invalid request. Request is malformed or invalid."),
  refreshAlreadyUsed: () =>
    new IdentityError(
      "invalid_grant",
      70000,
      "The provided value for the 'refresh_token' is not valid: this refresh token was already used (strict rotation).",
    ),
  pkceMissing: () =>
    new IdentityError(
      "invalid_grant",
      501481,
      "The Code_Verifier does not match the code_challenge supplied in the authorization request.",
    ),
  pkceMismatch: () =>
    new IdentityError(
      "invalid_grant",
      501481,
      "The Code_Verifier does not match the code_challenge supplied in the authorization request.",
    ),
  consentRequired: (appId: string, appName: string) =>
    new IdentityError(
      "invalid_grant",
      65001,
      `The user or administrator has not consented to use the application with ID '${appId}' named '${appName}'. Send an interactive authorization request for this user and resource.`,
      400,
      undefined,
      "consent_required",
    ),
  consentRequiredInteractive: (appId: string, appName: string) =>
    new IdentityError(
      "consent_required",
      65001,
      `The user or administrator has not consented to use the application with ID '${appId}' named '${appName}'. Send an interactive authorization request for this user and resource.`,
    ),
  userDeclinedConsent: () => new IdentityError("access_denied", 65004, "User declined to consent to access the app."),
  adminApprovalRequired: (appName: string) =>
    new IdentityError(
      "access_denied",
      90094,
      `The grant requires admin permission. ${appName} needs permission to access resources in your organization that only an admin can grant. Please ask an admin to grant permission to this app before you can use it.`,
    ),
  loginRequired: () =>
    new IdentityError("login_required", 50058, "A silent sign-in request was sent but no user is signed in."),
  interactionRequired: () =>
    new IdentityError("interaction_required", 160021, "Application requested a user session which does not exist."),
  invalidScope: (scope: string) =>
    new IdentityError(
      "invalid_scope",
      70011,
      `The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid. The scope ${scope} is not valid.`,
    ),
  clientCredentialsScope: (scope: string) =>
    new IdentityError(
      "invalid_scope",
      1002012,
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    ),
  pkceRequiredForSpa: () =>
    new IdentityError(
      "invalid_request",
      9002325,
      "Proof Key for Code Exchange is required for cross-origin authorization code redemption.",
    ),
  userDisabled: () => new IdentityError("invalid_grant", 50057, "The user account is disabled."),
};
