// Token signing and verification: one RS256 key per data folder (kept there so tokens stay valid
// across restarts and starting an emulator costs no key generation), published as a JWKS the way
// Entra publishes its keys. Graph routes call verifyAccessToken to authorize requests.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import {
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
  SignJWT,
  errors as joseErrors,
  type JWK,
  type JWTPayload,
} from "jose";
import type { EmulatorState } from "../state/store";
import { writeFileAtomically } from "../tls/write-atomic";

/** Graph's resource: the `aud` of Graph access tokens. */
export const GRAPH_RESOURCE = "https://graph.microsoft.com";
/** Graph's application id (the other `aud` form Graph accepts). */
export const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JWK;
}

const keyCache = new Map<string, Promise<SigningKey>>();

async function loadOrCreateSigningKey(dataDir: string): Promise<SigningKey> {
  const file = path.join(path.resolve(dataDir), "signing-key.json");
  let privateJwk: JWK;
  try {
    privateJwk = JSON.parse(await readFile(file, "utf8")) as JWK;
  } catch {
    const { privateKey } = await generateKeyPair("RS256", { modulusLength: 2048, extractable: true });
    privateJwk = await exportJWK(privateKey);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFileAtomically(file, JSON.stringify(privateJwk));
  }
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = privateJwk;
  // Entra's kid is the key's thumbprint (also sent as x5t); any stable id works for clients.
  const kid = createHash("sha1")
    .update(publicJwk.n ?? "")
    .digest("base64url");
  const privateKey = (await importJWK({ ...privateJwk, alg: "RS256" }, "RS256")) as CryptoKey;
  const publicKey = (await importJWK({ ...publicJwk, alg: "RS256" }, "RS256")) as CryptoKey;
  return { kid, privateKey, publicKey, publicJwk: { ...publicJwk, kid, use: "sig", alg: "RS256" } };
}

/** The signing key of a data folder, created on first use and shared by every emulator in the process. */
export function signingKeyFor(dataDir: string): Promise<SigningKey> {
  const key = path.resolve(dataDir);
  let pending = keyCache.get(key);
  if (!pending) {
    pending = loadOrCreateSigningKey(dataDir);
    keyCache.set(key, pending);
    pending.catch(() => keyCache.delete(key));
  }
  return pending;
}

/** Claims of a Graph access token as Entra issues them (v1.0 token format). */
export interface AccessTokenClaims extends JWTPayload {
  aud: string;
  iss: string;
  tid: string;
  /** The client's application id. */
  appid: string;
  app_displayname?: string;
  /** "0" public client, "1" client secret, "2" certificate. */
  appidacr: "0" | "1" | "2";
  idtyp: "app" | "user";
  /** Object id: the user's, or the app's service principal for app-only tokens. */
  oid: string;
  sub: string;
  ver: "1.0";
  /** Application permissions (app-only tokens). */
  roles?: string[];
  /** Delegated scopes, space-separated (user tokens). */
  scp?: string;
  name?: string;
  upn?: string;
  unique_name?: string;
  /** For guests: the home tenant's issuer. */
  idp?: string;
  /** 1 = guest in this tenant. */
  acct?: 0 | 1;
  uti: string;
}

export type AccessTokenFailure = "malformed" | "signature" | "expired" | "audience" | "revoked";

/** Why an access token was refused; Graph maps it to 401 InvalidAuthenticationToken. */
export class AccessTokenError extends Error {
  constructor(
    readonly reason: AccessTokenFailure,
    message: string,
  ) {
    super(message);
    this.name = "AccessTokenError";
  }
}

export interface IssueAccessTokenInput {
  tenantId: string;
  appId: string;
  appDisplayName: string;
  appidacr: "0" | "1" | "2";
  /** Omitted for app-only tokens. */
  user?: { id: string; name: string; upn: string | null; guestOfIssuer: string | null };
  /** Service principal object id for app-only tokens. */
  servicePrincipalId?: string;
  roles?: string[];
  scopes?: string[];
  audience?: string;
  lifetimeSeconds: number;
}

export class TokenService {
  constructor(
    private readonly key: SigningKey,
    private readonly state: EmulatorState,
    private host: string,
  ) {}

  /** Base of ID-token issuers (`${authorityHost}/{tid}/v2.0`); known once the server listens. */
  get authorityHost(): string {
    return this.host;
  }

  setAuthorityHost(host: string): void {
    this.host = host;
  }

  static async create(dataDir: string, state: EmulatorState, authorityHost: string): Promise<TokenService> {
    return new TokenService(await signingKeyFor(dataDir), state, authorityHost);
  }

  /** The JWKS document (`/discovery/v2.0/keys`). */
  jwks(): { keys: JWK[] } {
    return { keys: [{ ...this.key.publicJwk, x5t: this.key.kid }] };
  }

  /** v2.0 issuer of ID tokens for a tenant. */
  issuerFor(tenantId: string): string {
    return `${this.authorityHost}/${tenantId}/v2.0`;
  }

  async sign(claims: JWTPayload, lifetimeSeconds: number): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ ...claims })
      .setProtectedHeader({ typ: "JWT", alg: "RS256", kid: this.key.kid, x5t: this.key.kid } as { alg: string })
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + lifetimeSeconds)
      .sign(this.key.privateKey);
  }

  /** A Graph access token in Entra's v1.0 format (Graph tokens are always v1.0). */
  async issueAccessToken(input: IssueAccessTokenInput): Promise<string> {
    const uti = randomBytes(16).toString("base64url");
    this.state.rememberAccessToken(uti, {
      appId: input.appId,
      userId: input.user?.id ?? null,
      tenantId: input.tenantId,
      expiresAt: Date.now() + input.lifetimeSeconds * 1000,
    });
    const base = {
      aud: input.audience ?? GRAPH_RESOURCE,
      iss: `https://sts.windows.net/${input.tenantId}/`,
      tid: input.tenantId,
      appid: input.appId,
      app_displayname: input.appDisplayName,
      appidacr: input.appidacr,
      uti,
      rh: `0.${randomBytes(12).toString("base64url")}.`,
      ver: "1.0",
      xms_tcdt: 1_700_000_000,
    };
    if (!input.user) {
      const oid = input.servicePrincipalId ?? input.appId;
      return this.sign({ ...base, idtyp: "app", oid, sub: oid, roles: input.roles ?? [] }, input.lifetimeSeconds);
    }
    const user = input.user;
    return this.sign(
      {
        ...base,
        idtyp: "user",
        oid: user.id,
        sub: pairwiseSubject(user.id, input.appId),
        name: user.name,
        scp: (input.scopes ?? []).join(" "),
        ...(user.guestOfIssuer
          ? { idp: user.guestOfIssuer, acct: 1, unique_name: user.upn ?? undefined }
          : { upn: user.upn ?? undefined, unique_name: user.upn ?? undefined, acct: 0 }),
        amr: ["pwd"],
      },
      input.lifetimeSeconds,
    );
  }

  /**
   * Verifies signature, lifetime and audience of an access token this emulator issued, and that it
   * was not revoked since (control API "expire"/"revoke"); returns its claims.
   * `audience` defaults to Graph (both its URL and its app id are accepted, as Graph does).
   */
  async verifyAccessToken(
    token: string,
    audience: string | string[] = [GRAPH_RESOURCE, GRAPH_APP_ID],
  ): Promise<AccessTokenClaims> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.key.publicKey, { algorithms: ["RS256"], clockTolerance: 0 }));
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired)
        throw new AccessTokenError("expired", "Lifetime validation failed, the token is expired.");
      if (error instanceof joseErrors.JWSSignatureVerificationFailed)
        throw new AccessTokenError("signature", "Signature validation failed.");
      throw new AccessTokenError("malformed", "IDX14100: JWT is not well formed.");
    }
    const accepted = Array.isArray(audience) ? audience : [audience];
    if (typeof payload.aud !== "string" || !accepted.includes(payload.aud)) {
      throw new AccessTokenError("audience", "Access token validation failure. Invalid audience.");
    }
    const claims = payload as AccessTokenClaims;
    if (this.state.revokedAccessTokens.has(claims.uti)) {
      throw new AccessTokenError("revoked", "Lifetime validation failed, the token is expired.");
    }
    return claims;
  }
}

/** Entra's `sub` is pairwise: stable per user and app, different across apps. */
export function pairwiseSubject(userId: string, appId: string): string {
  return createHash("sha256").update(`${userId}:${appId}`).digest("base64url").slice(0, 43);
}

export const newCorrelationId = () => randomUUID();
