// How a confidential client proves itself at /token: a client secret (in the body or HTTP Basic) or
// a client assertion JWT signed with the key of a certificate registered on the app (private_key_jwt),
// the certificate named by the assertion's x5t or x5t#S256 header, as MSAL sends it.
import { X509Certificate } from "node:crypto";
import { decodeProtectedHeader, importX509, jwtVerify } from "jose";
import type { AppRegistration } from "../state/types";
import { aadsts } from "./errors";

export const JWT_BEARER_ASSERTION = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

export interface ClientCredentialInput {
  clientId: string | undefined;
  clientSecret: string | undefined;
  clientAssertion: string | undefined;
  clientAssertionType: string | undefined;
}

/** Reads client credentials from the form body and an `Authorization: Basic` header. */
export function readClientCredentials(
  body: Record<string, string | undefined>,
  authorization: string | undefined,
): ClientCredentialInput {
  let basicId: string | undefined;
  let basicSecret: string | undefined;
  if (authorization?.toLowerCase().startsWith("basic ")) {
    const decoded = Buffer.from(authorization.slice(6).trim(), "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon > 0) {
      basicId = decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, " "));
      basicSecret = decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, " "));
    }
  }
  return {
    clientId: body.client_id ?? basicId,
    clientSecret: body.client_secret ?? basicSecret,
    clientAssertion: body.client_assertion,
    clientAssertionType: body.client_assertion_type,
  };
}

/**
 * Authenticates the client; returns Entra's `appidacr` ("1" secret, "2" certificate, "0" none —
 * only for public clients, which the emulator's apps are not). Throws the AADSTS error Entra gives.
 */
export async function authenticateClient(
  app: AppRegistration,
  credentials: ClientCredentialInput,
  tokenEndpoints: string[],
): Promise<"1" | "2"> {
  if (credentials.clientAssertion !== undefined) {
    if (credentials.clientAssertionType !== JWT_BEARER_ASSERTION) {
      throw aadsts.invalidRequest(`The client_assertion_type must be '${JWT_BEARER_ASSERTION}'.`);
    }
    await verifyClientAssertion(app, credentials.clientAssertion, tokenEndpoints);
    return "2";
  }
  if (credentials.clientSecret === undefined) throw aadsts.missingClientCredential();
  const secret = app.secrets.find((candidate) => candidate.value === credentials.clientSecret);
  if (!secret) throw aadsts.invalidSecret(app.appId);
  if (Date.parse(secret.endDateTime) < Date.now()) throw aadsts.expiredSecret(app.appId);
  return "1";
}

async function verifyClientAssertion(app: AppRegistration, assertion: string, tokenEndpoints: string[]): Promise<void> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(assertion);
  } catch {
    throw aadsts.assertionInvalid("The client assertion is not a well-formed JWT.");
  }
  const x5t = typeof header.x5t === "string" ? header.x5t : undefined;
  const x5tS256 = typeof header["x5t#S256"] === "string" ? (header["x5t#S256"] as string) : undefined;
  const certificate = app.certificates.find(
    (candidate) => (x5tS256 && candidate.x5tS256 === x5tS256) || (x5t && candidate.x5t === x5t),
  );
  if (!certificate) throw aadsts.assertionCertificateUnknown(x5tS256 ?? x5t ?? "(none)", app.appId);
  if (Date.parse(certificate.endDateTime) < Date.now()) throw aadsts.assertionInvalid("The certificate has expired.");
  const algorithm = header.alg === "PS256" ? "PS256" : "RS256";
  const publicKey = await importX509(new X509Certificate(certificate.certificatePem).toString(), algorithm);
  try {
    // Entra allows five minutes of clock skew on client assertions.
    const { payload } = await jwtVerify(assertion, publicKey, { algorithms: ["RS256", "PS256"], clockTolerance: 300 });
    if (payload.iss !== app.appId || payload.sub !== app.appId)
      throw aadsts.assertionInvalid("The 'iss' and 'sub' claims must be the client id.");
    const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    if (
      !audiences.some(
        (audience) =>
          typeof audience === "string" &&
          tokenEndpoints.some((endpoint) => endpoint.toLowerCase() === audience.toLowerCase()),
      )
    ) {
      throw aadsts.assertionAudience();
    }
  } catch (error) {
    if (error instanceof Error && error.name === "IdentityError") throw error;
    throw aadsts.assertionInvalid(error instanceof Error ? error.message : "Invalid signature.");
  }
}
