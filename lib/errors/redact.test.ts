import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { explainMicrosoftError } from "./explain";
import { redactSecrets } from "./redact";

const base64url = fc.string({
  unit: fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
  minLength: 10,
  maxLength: 60,
});
const jwt = fc.tuple(base64url, base64url, base64url).map(([h, p, s]) => `eyJ${h}.${p}.${s}`);

describe("redactSecrets", () => {
  it("keeps the words people need", () => {
    const text =
      "AADSTS50011: The redirect URI 'https://app.example/consent/callback' does not match. Trace ID: 0b3f4a1e-2c6d-4e8f-9a10-b2c3d4e5f601";
    expect(redactSecrets(text)).toBe(text);
  });

  it("removes tokens in query strings, JSON and headers", () => {
    expect(redactSecrets("callback?code=0.AXYZabc123&state=s1")).toBe("callback?code=[redacted]&state=s1");
    expect(redactSecrets('{"refresh_token":"1.AbC-dEf","scope":"Mail.Send"}')).toBe(
      '{"refresh_token":"[redacted]","scope":"Mail.Send"}',
    );
    expect(redactSecrets("Authorization: Bearer abc.def.ghi-jkl")).toBe("Authorization: Bearer [redacted]");
  });

  it("never lets a JWT through, wherever it sits (property)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), jwt, fc.string({ maxLength: 40 }), (before, token, after) => {
        expect(redactSecrets(`${before}${token}${after}`)).not.toContain(token);
      }),
    );
  });
});

describe("explainMicrosoftError on arbitrary input (property)", () => {
  it("never throws and always names a code", () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        const explained = explainMicrosoftError(input);
        expect(explained.code.length).toBeGreaterThan(0);
        expect(explained.fix.length).toBeGreaterThan(0);
      }),
    );
  });
});
