import "server-only";
// The Microsoft Entra ID provider for staff sign-in, with the app's one credential.
// - A client secret goes the usual way (HTTP Basic at the token endpoint).
// - A certificate: Auth.js's own private_key_jwt sends a `kid` header and an `aud` array, while the
//   identity platform wants the certificate's thumbprint (`x5t#S256`) and `aud` = the token endpoint.
//   So the provider authenticates as "none" and its token request gets the assertion the identity
//   platform documents (lib/identity/credential.ts), signed with the same certificate MSAL uses.
//   Before this, a certificate-only configuration sent no credential at all and sign-in failed.
// - The default profile() fetches a photo from Graph; this one reads the ID token only, so sign-in
//   makes no Graph call (and works against the emulator and offline).
import { customFetch } from "next-auth";
import MicrosoftEntraID, { type MicrosoftEntraIDProfile } from "next-auth/providers/microsoft-entra-id";
import {
  JWT_BEARER_ASSERTION_TYPE,
  certificateAt,
  signClientAssertion,
  type ClientCredential,
} from "@/lib/identity/credential";

export interface StaffProviderConfig {
  clientId: string;
  tenantId: string;
  /** MICROSOFT_AUTHORITY_HOST, https, no trailing slash. */
  authorityHost: string;
  credential: ClientCredential;
}

type Claims = object | undefined;

export function claim(profile: Claims, name: string): string | undefined {
  const value = profile ? (profile as Record<string, unknown>)[name] : undefined;
  return typeof value === "string" && value !== "" ? value : undefined;
}

export function emailOf(profile: Claims): string {
  return (claim(profile, "email") ?? claim(profile, "preferred_username") ?? claim(profile, "upn") ?? "").toLowerCase();
}

/** Adds the client assertion to requests for the token endpoint; every other request passes through. */
function withClientAssertion(
  config: StaffProviderConfig & { credential: { kind: "certificate" } },
  passThrough: typeof fetch,
): typeof fetch {
  const tokenEndpoint = `${config.authorityHost}/${config.tenantId}/oauth2/v2.0/token`;
  return async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (url !== tokenEndpoint || !(init?.body instanceof URLSearchParams)) return passThrough(input, init);
    const body = new URLSearchParams(init.body);
    const certificate = await certificateAt(config.credential.path);
    body.set("client_assertion_type", JWT_BEARER_ASSERTION_TYPE);
    body.set("client_assertion", await signClientAssertion(certificate, { clientId: config.clientId, tokenEndpoint }));
    return passThrough(input, { ...init, body });
  };
}

export function staffSignInProvider(config: StaffProviderConfig) {
  const { credential } = config;
  const shared = {
    clientId: config.clientId,
    issuer: `${config.authorityHost}/${config.tenantId}/v2.0`,
    authorization: { params: { scope: "openid profile email", prompt: "select_account" } },
    // PKCE alone is Auth.js's default; state and nonce add CSRF and ID-token replay protection.
    checks: ["pkce", "state", "nonce"] as ("pkce" | "state" | "nonce")[],
    profile(profile: MicrosoftEntraIDProfile) {
      return {
        id: claim(profile, "oid") ?? claim(profile, "sub"),
        name: claim(profile, "name") ?? null,
        email: emailOf(profile),
        image: null,
      };
    },
  };
  if (credential.kind === "secret") return MicrosoftEntraID({ ...shared, clientSecret: credential.secret });
  const provider = MicrosoftEntraID({ ...shared, client: { token_endpoint_auth_method: "none" } });
  // The provider brings its own fetch (it rewrites Microsoft's issuer template), and Auth.js prefers
  // it to one passed in the options: wrap it rather than be ignored.
  provider[customFetch] = withClientAssertion({ ...config, credential }, provider[customFetch] ?? fetch);
  return provider;
}
