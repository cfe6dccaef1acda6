import "server-only";
// The app registration's credential, resolved once for every client that proves itself to the
// identity platform: app-only MSAL (inviting, sync), the delegated MSAL clients (consent, refresh)
// and Auth.js (staff sign-in). A certificate is preferred; exactly one of the two is configured
// (lib/env.ts enforces it).
// It holds secrets, so never import it
// from client components.
import { randomUUID } from "node:crypto";
import type { Configuration } from "@azure/msal-node";
import { SignJWT, importPKCS8 } from "jose";
import { getEnv } from "@/lib/env";
import { loadClientCertificate, type ClientCertificateCredential } from "./certificate";

/** RFC 7523: the `client_assertion_type` of a JWT client assertion. */
export const JWT_BEARER_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

export type ClientCredential = { kind: "secret"; secret: string } | { kind: "certificate"; path: string };

export function clientCredentialFromEnv(): ClientCredential {
  const env = getEnv();
  if (env.AZURE_CLIENT_SECRET !== undefined) return { kind: "secret", secret: env.AZURE_CLIENT_SECRET };
  return { kind: "certificate", path: env.AZURE_CLIENT_CERTIFICATE_PATH as string };
}

const certificates = new Map<string, Promise<ClientCertificateCredential>>();

/** The certificate file, read once per process (a failed read is retried on the next call). */
export function certificateAt(path: string): Promise<ClientCertificateCredential> {
  let pending = certificates.get(path);
  if (!pending) {
    pending = loadClientCertificate(path);
    pending.catch(() => certificates.delete(path));
    certificates.set(path, pending);
  }
  return pending;
}

export type MsalCredential = Pick<Configuration["auth"], "clientSecret" | "clientCertificate">;

export function msalCredentialOf(certificate: ClientCertificateCredential): MsalCredential {
  return {
    clientCertificate: {
      thumbprintSha256: certificate.thumbprintSha256,
      privateKey: certificate.privateKey,
      x5c: certificate.x5c,
    },
  };
}

/** What MSAL Node's `auth` needs for this credential. */
export async function msalCredential(credential: ClientCredential): Promise<MsalCredential> {
  if (credential.kind === "secret") return { clientSecret: credential.secret };
  return msalCredentialOf(await certificateAt(credential.path));
}

/**
 * A client assertion (private_key_jwt) as the identity platform wants it: the certificate named by
 * its SHA-256 thumbprint in `x5t#S256`, `aud` the token endpoint itself, `iss` = `sub` = the client
 * id, valid for a few minutes (Microsoft identity platform, "certificate credentials").
 */
export async function signClientAssertion(
  certificate: ClientCertificateCredential,
  claims: { clientId: string; tokenEndpoint: string },
): Promise<string> {
  const key = await importPKCS8(certificate.privateKey, "PS256");
  const thumbprint = Buffer.from(certificate.thumbprintSha256, "hex").toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: "PS256", typ: "JWT", "x5t#S256": thumbprint })
    .setIssuer(claims.clientId)
    .setSubject(claims.clientId)
    .setAudience(claims.tokenEndpoint)
    .setJti(randomUUID())
    .setNotBefore(now - 60)
    .setIssuedAt(now)
    .setExpirationTime(now + 5 * 60)
    .sign(key);
}
