// The emulator's own certificate authority and the HTTPS leaf certificate it signs for localhost.
// Clients trust the CA through NODE_EXTRA_CA_CERTS, which Node reads only at start; so the CA is
// created once and kept in the data folder, and every emulator started later reuses it.
import "reflect-metadata";
import { webcrypto, X509Certificate as NodeX509 } from "node:crypto";
import { mkdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import * as x509 from "@peculiar/x509";
import { writeFileAtomically as writeAtomic } from "./write-atomic";

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const ALG: EcKeyGenParams & EcdsaParams = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" };

export interface CertificateAuthority {
  certPem: string;
  keyPem: string;
  /** Absolute path of ca.pem (what NODE_EXTRA_CA_CERTS points at). */
  certPath: string;
}

export interface ServerCertificate {
  certPem: string;
  keyPem: string;
}

async function exists(file: string): Promise<boolean> {
  return readFile(file).then(
    () => true,
    () => false,
  );
}

function pemKey(pkcs8: ArrayBuffer): string {
  const body = Buffer.from(pkcs8)
    .toString("base64")
    .replace(/(.{64})/g, "$1\n")
    .replace(/\n$/, "");
  return `-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----\n`;
}

function pemBody(pem: string): ArrayBuffer {
  const der = Buffer.from(pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, ""), "base64");
  return der.buffer.slice(der.byteOffset, der.byteOffset + der.byteLength);
}

const serial = () =>
  Buffer.from(webcrypto.getRandomValues(new Uint8Array(16)))
    .toString("hex")
    .replace(/^[89a-f]/, "1");

/** Creates `<dataDir>/ca.pem` and `ca-key.pem` unless both exist; returns them. Idempotent. */
export async function ensureCertificateAuthority(dataDir: string): Promise<CertificateAuthority> {
  const directory = path.resolve(dataDir);
  const certPath = path.join(directory, "ca.pem");
  const keyPath = path.join(directory, "ca-key.pem");
  const existing = async () =>
    (await exists(certPath)) && (await exists(keyPath))
      ? { certPem: await readFile(certPath, "utf8"), keyPem: await readFile(keyPath, "utf8"), certPath }
      : null;
  const found = await existing();
  if (found) return found;
  await mkdir(directory, { recursive: true });
  // Several processes may start at once on a fresh folder: one creates the CA, the others wait for it,
  // so no one pairs one process's certificate with another's key.
  const lock = path.join(directory, "ca.lock");
  try {
    await mkdir(lock);
  } catch {
    for (let waited = 0; waited < 15_000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const created = await existing();
      if (created) return created;
    }
    throw new Error(`Timed out waiting for another process to create ${certPath} (remove ${lock} if it is stale).`);
  }
  try {
    // It may have been finished between our first look and taking the lock.
    return (await existing()) ?? (await createCertificateAuthority(certPath, keyPath));
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

async function createCertificateAuthority(certPath: string, keyPath: string): Promise<CertificateAuthority> {
  const keys = await webcrypto.subtle.generateKey(ALG, true, ["sign", "verify"]);
  const now = new Date();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: "CN=Guestpass Emulator Local CA, O=Guestpass (development only)",
    notBefore: new Date(now.getTime() - 60_000),
    notAfter: new Date(now.getTime() + 10 * 365 * 86_400_000),
    keys,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const certPem = certificate.toString("pem") + "\n";
  const keyPem = pemKey(await webcrypto.subtle.exportKey("pkcs8", keys.privateKey));
  // Key first: a reader that finds ca.pem must also find its key.
  await writeAtomic(keyPath, keyPem);
  await writeAtomic(certPath, certPem, 0o644);
  return { certPem, keyPem, certPath };
}

/**
 * A leaf certificate for localhost/127.0.0.1/::1 signed by the CA. Cached in the data folder while
 * it is valid and signed by the current CA, so starting an emulator costs no key generation.
 */
export async function ensureServerCertificate(dataDir: string, ca: CertificateAuthority): Promise<ServerCertificate> {
  const directory = path.resolve(dataDir);
  // One file for certificate and key, written atomically: parallel test processes never pair
  // one process's certificate with another's key.
  const cachePath = path.join(directory, "localhost-tls.json");
  try {
    const cached = JSON.parse(await readFile(cachePath, "utf8")) as ServerCertificate;
    const certificate = new NodeX509(cached.certPem);
    const caCert = new NodeX509(ca.certPem);
    const validUntil = new Date(certificate.validTo).getTime();
    if (certificate.checkIssued(caCert) && certificate.verify(caCert.publicKey) && validUntil > Date.now() + 86_400_000)
      return cached;
  } catch {
    // absent or unreadable: issue a new one
  }
  const caKey = await webcrypto.subtle.importKey("pkcs8", pemBody(ca.keyPem), ALG, false, ["sign"]);
  const caCertificate = new x509.X509Certificate(ca.certPem);
  const keys = await webcrypto.subtle.generateKey(ALG, true, ["sign", "verify"]);
  const now = new Date();
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: "CN=localhost",
    issuer: caCertificate.subject,
    notBefore: new Date(now.getTime() - 60_000),
    notAfter: new Date(now.getTime() + 390 * 86_400_000),
    publicKey: keys.publicKey,
    signingKey: caKey,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false),
      new x509.SubjectAlternativeNameExtension([
        { type: "dns", value: "localhost" },
        { type: "ip", value: "127.0.0.1" },
        { type: "ip", value: "::1" },
      ]),
      await x509.AuthorityKeyIdentifierExtension.create(caCertificate),
    ],
  });
  const certPem = certificate.toString("pem") + "\n";
  const keyPem = pemKey(await webcrypto.subtle.exportKey("pkcs8", keys.privateKey));
  await writeAtomic(cachePath, JSON.stringify({ certPem, keyPem }));
  return { certPem, keyPem };
}
