import "server-only";
// The identity platform's OpenID configuration for an authority (a tenant id, `common` or
// `organizations`): issuer (a `{tenantid}` template on multi-tenant authorities), JWKS and endpoints.
// Fetched once per process per authority; a failed fetch is retried on the next call.

export interface AuthorityLocation {
  /** MICROSOFT_AUTHORITY_HOST, https, no trailing slash needed. */
  authorityHost: string;
  /** A tenant id, `common` or `organizations`. */
  authority: string;
}

export interface AuthorityMetadata {
  issuer: string;
  jwks_uri: string;
  authorization_endpoint: string;
  token_endpoint: string;
  /** The document as served, for MSAL's `authorityMetadata` (no discovery request per operation). */
  raw: string;
}

export function authorityUrl(location: AuthorityLocation): string {
  return `${location.authorityHost.replace(/\/+$/, "")}/${location.authority}`;
}

const metadataCache = new Map<string, Promise<AuthorityMetadata>>();

export function authorityMetadata(location: AuthorityLocation): Promise<AuthorityMetadata> {
  const url = `${authorityUrl(location)}/v2.0/.well-known/openid-configuration`;
  let pending = metadataCache.get(url);
  if (!pending) {
    pending = (async () => {
      const response = await fetch(url, { signal: AbortSignal.timeout(15_000) });
      if (!response.ok)
        throw new Error(`OpenID configuration of ${authorityUrl(location)} answered HTTP ${response.status}`);
      const raw = await response.text();
      const doc = JSON.parse(raw) as Omit<AuthorityMetadata, "raw">;
      return {
        issuer: doc.issuer,
        jwks_uri: doc.jwks_uri,
        authorization_endpoint: doc.authorization_endpoint,
        token_endpoint: doc.token_endpoint,
        raw,
      };
    })();
    pending.catch(() => metadataCache.delete(url));
    metadataCache.set(url, pending);
  }
  return pending;
}
