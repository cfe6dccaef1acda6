// A fresh self-signed app certificate in the PEM-bundle format of AZURE_CLIENT_CERTIFICATE_PATH
// (private key + certificate), for tests that authenticate with a certificate.
import "reflect-metadata";
import { webcrypto } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import * as x509 from "@peculiar/x509";

export interface TestCertificate {
  /** The PEM bundle on disk (mode 0600). */
  path: string;
  /** The public certificate, to register on the app. */
  certificatePem: string;
  remove(): Promise<void>;
}

export async function createTestCertificate(name = "Guestpass test"): Promise<TestCertificate> {
  x509.cryptoProvider.set(webcrypto as unknown as Crypto);
  const alg = {
    name: "RSASSA-PKCS1-v1_5",
    hash: "SHA-256",
    publicExponent: new Uint8Array([1, 0, 1]),
    modulusLength: 2048,
  };
  const keys = (await webcrypto.subtle.generateKey(alg, true, ["sign", "verify"])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: "02",
    name: `CN=${name}`,
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 86_400_000),
    keys,
    signingAlgorithm: alg,
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey("pkcs8", keys.privateKey)).toString("base64");
  const keyPem = `-----BEGIN PRIVATE KEY-----\n${pkcs8.replace(/(.{64})/g, "$1\n")}\n-----END PRIVATE KEY-----\n`;
  const dir = await mkdtemp(path.join(tmpdir(), "guestpass-cert-"));
  const file = path.join(dir, "app.pem");
  const certificatePem = cert.toString("pem");
  await writeFile(file, `${keyPem}${certificatePem}\n`, { mode: 0o600 });
  return { path: file, certificatePem, remove: () => rm(dir, { recursive: true, force: true }) };
}
