// The local CA: created once even when several starts race on a fresh folder, and the server
// certificate it signs is what a TLS client checks.
import { createPrivateKey, createPublicKey, X509Certificate } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ensureCertificateAuthority, ensureServerCertificate } from "./ca";

const folders: string[] = [];
afterEach(async () => {
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

async function freshFolder() {
  const folder = await mkdtemp(path.join(os.tmpdir(), "emulator-ca-"));
  folders.push(folder);
  return folder;
}

describe("emulator CA", () => {
  it("is created once when several starts race, with a key that matches the certificate", async () => {
    const folder = await freshFolder();
    const results = await Promise.all(Array.from({ length: 4 }, () => ensureCertificateAuthority(folder)));
    expect(new Set(results.map((ca) => ca.certPem)).size).toBe(1);
    const ca = results[0]!;
    const fromKey = createPublicKey(createPrivateKey(ca.keyPem)).export({ format: "der", type: "spki" });
    const fromCert = new X509Certificate(ca.certPem).publicKey.export({ format: "der", type: "spki" });
    expect(Buffer.compare(fromKey, fromCert)).toBe(0);
    expect((await ensureCertificateAuthority(folder)).certPem).toBe(ca.certPem);
  });

  it("signs a localhost certificate that it verifies, and reissues it for a new CA", async () => {
    const folder = await freshFolder();
    const ca = await ensureCertificateAuthority(folder);
    const leaf = await ensureServerCertificate(folder, ca);
    const certificate = new X509Certificate(leaf.certPem);
    expect(certificate.checkIssued(new X509Certificate(ca.certPem))).toBe(true);
    expect(certificate.checkHost("localhost")).toBe("localhost");
    expect(certificate.checkIP("127.0.0.1")).toBe("127.0.0.1");
    expect((await ensureServerCertificate(folder, ca)).certPem).toBe(leaf.certPem);
    const otherCa = await ensureCertificateAuthority(await freshFolder());
    expect((await ensureServerCertificate(folder, otherCa)).certPem).not.toBe(leaf.certPem);
  });
});
