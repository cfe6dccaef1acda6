import "server-only";
import { X509Certificate, createPrivateKey } from "node:crypto";
import { readFile } from "node:fs/promises";

/** What MSAL Node 7 needs to sign a client assertion with a certificate. */
export interface ClientCertificateCredential {
  /** Hex SHA-256 thumbprint of the certificate (sent as the `x5t#S256` header). */
  thumbprintSha256: string;
  /** PEM private key (PKCS#8 "BEGIN PRIVATE KEY"), as MSAL expects. */
  privateKey: string;
  /** PEM certificate chain, sent as `x5c` (needed for subject-name/issuer auth). */
  x5c: string;
  /** When the certificate stops working, so the settings page can warn before it does. */
  notAfter: Date;
}

/**
 * Reads a PEM bundle holding the private key and the certificate (the format of
 * AZURE_CLIENT_CERTIFICATE_PATH, as in the Azure SDKs). Accepts PKCS#1/SEC1 keys and converts
 * them to PKCS#8 because MSAL only parses "BEGIN PRIVATE KEY".
 */
export function parseClientCertificatePem(pem: string): ClientCertificateCredential {
  const certs = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
  if (!certs || certs.length === 0)
    throw new Error("The certificate file contains no certificate (-----BEGIN CERTIFICATE-----).");
  const keyPem = pem.match(
    /-----BEGIN (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----/,
  )?.[0];
  if (!keyPem) throw new Error("The certificate file contains no private key (-----BEGIN PRIVATE KEY-----).");
  if (keyPem.includes("ENCRYPTED"))
    throw new Error("The private key in the certificate file is encrypted; store it without a passphrase.");
  const key = createPrivateKey(keyPem);
  const leaf = new X509Certificate(certs[0] as string);
  if (!leaf.checkPrivateKey(key))
    throw new Error("The private key in the certificate file does not belong to its first certificate.");
  return {
    thumbprintSha256: leaf.fingerprint256.replace(/:/g, "").toLowerCase(),
    privateKey: key.export({ format: "pem", type: "pkcs8" }).toString(),
    x5c: certs.join("\n"),
    notAfter: new Date(leaf.validTo),
  };
}

export async function loadClientCertificate(path: string): Promise<ClientCertificateCredential> {
  let pem: string;
  try {
    pem = await readFile(path, "utf8");
  } catch (error) {
    throw new Error(
      `Cannot read AZURE_CLIENT_CERTIFICATE_PATH (${path}): ${(error as NodeJS.ErrnoException).code ?? "unreadable"}`,
    );
  }
  return parseClientCertificatePem(pem);
}
