import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  createKeyring,
  isSealedWithCurrentKey,
  open,
  openString,
  seal,
  TokenDecryptionError,
  type SealContext,
} from "./crypto";

const key = (id: string) => ({ id, key: randomBytes(32) });
const context: SealContext = { purpose: "grant-token-cache", subject: "grant-1" };

function expectDecryptionError(fn: () => unknown, reason: TokenDecryptionError["reason"]) {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(TokenDecryptionError);
    expect((error as TokenDecryptionError).reason).toBe(reason);
    return;
  }
  throw new Error("expected a TokenDecryptionError");
}

describe("seal / open", () => {
  const keyring = createKeyring([key("k1")]);

  it("round-trips and never contains the plaintext", () => {
    const secret = '{"RefreshToken":{"x":{"secret":"1.AVEA-refresh-token-value"}}}';
    const sealed = seal(secret, context, keyring);
    expect(sealed.keyId).toBe("k1");
    expect(Buffer.from(sealed.ciphertext).includes(Buffer.from("refresh-token-value"))).toBe(false);
    expect(openString(sealed, context, keyring)).toBe(secret);
  });

  it("uses a fresh IV each time", () => {
    const a = seal("same", context, keyring);
    const b = seal("same", context, keyring);
    expect(Buffer.from(a.ciphertext).equals(Buffer.from(b.ciphertext))).toBe(false);
  });

  it("rejects any flipped byte (header, tag or body)", () => {
    const sealed = seal("a token cache", context, keyring);
    for (const index of [1, 14, 20, sealed.ciphertext.length - 1]) {
      const tampered = new Uint8Array(sealed.ciphertext);
      tampered[index] = tampered[index]! ^ 0x01;
      expectDecryptionError(() => open({ keyId: "k1", ciphertext: tampered }, context, keyring), "authentication");
    }
  });

  it("rejects a truncated or unversioned blob", () => {
    expectDecryptionError(() => open({ keyId: "k1", ciphertext: new Uint8Array(10) }, context, keyring), "malformed");
    const sealed = seal("x", context, keyring);
    const wrongVersion = new Uint8Array(sealed.ciphertext);
    wrongVersion[0] = 9;
    expectDecryptionError(() => open({ keyId: "k1", ciphertext: wrongVersion }, context, keyring), "malformed");
  });

  it("binds the value to its row and purpose", () => {
    const sealed = seal("grant 1's cache", context, keyring);
    expectDecryptionError(() => open(sealed, { ...context, subject: "grant-2" }, keyring), "authentication");
    expectDecryptionError(
      () => open(sealed, { purpose: "consent-code-verifier", subject: "grant-1" }, keyring),
      "authentication",
    );
  });
});

describe("key ids and rotation", () => {
  it("routes decryption by key id: old values open while a new key seals", () => {
    const old = key("2025");
    const next = key("2026");
    const before = createKeyring([old]);
    const sealedOld = seal("old value", context, before);
    const during = createKeyring([next, old]);
    expect(openString(sealedOld, context, during)).toBe("old value");
    expect(isSealedWithCurrentKey(sealedOld, during)).toBe(false);
    const sealedNew = seal("new value", context, during);
    expect(sealedNew.keyId).toBe("2026");
    expect(isSealedWithCurrentKey(sealedNew, during)).toBe(true);
    // after rotation the old key can be dropped: the re-sealed value still opens, the old one cannot
    const after = createKeyring([next]);
    expect(openString(sealedNew, context, after)).toBe("new value");
    expectDecryptionError(() => open(sealedOld, context, after), "unknown_key");
  });

  it("does not open a value relabelled with another key id, even when that key exists", () => {
    const a = key("a");
    const b = { id: "b", key: a.key }; // same key material, different label
    const keyring = createKeyring([a, b]);
    const sealed = seal("value", context, keyring);
    expectDecryptionError(() => open({ ...sealed, keyId: "b" }, context, keyring), "authentication");
  });

  it("names the missing key without echoing any key material", () => {
    const keyring = createKeyring([key("current")]);
    const sealed = seal("v", context, createKeyring([key("gone")]));
    expect(() => open(sealed, context, keyring)).toThrow(/"gone".*rotate-keys/);
    expect(() => open(sealed, context, keyring)).not.toThrow(/[A-Za-z0-9+/]{40,}/);
  });
});
