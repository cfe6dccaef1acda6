import type { NextConfig } from "next";
import { getScriptNonceFromHeader } from "next/dist/server/app-render/get-script-nonce-from-header";
import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, newNonce } from "@/lib/shared/content-security-policy";

function directive(policy: string, name: string): string[] {
  const found = policy
    .split(";")
    .map((d) => d.trim().split(/\s+/))
    .find(([n]) => n === name);
  if (!found) throw new Error(`${name} missing from ${policy}`);
  return found.slice(1);
}

describe("contentSecurityPolicy", () => {
  it("allows scripts by nonce only: no 'unsafe-inline' or 'unsafe-eval' in production", () => {
    const nonce = newNonce();
    const scripts = directive(contentSecurityPolicy({ nonce, development: false }), "script-src");
    expect(scripts).toEqual(["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"]);
  });

  it("adds 'unsafe-eval' for scripts in development only", () => {
    const policy = contentSecurityPolicy({ nonce: newNonce(), development: true });
    expect(directive(policy, "script-src")).toContain("'unsafe-eval'");
    expect(directive(policy, "script-src")).not.toContain("'unsafe-inline'");
    expect(directive(policy, "default-src")).toEqual(["'self'"]);
  });

  it("is a nonce Next reads back from the request header (how it stamps its own scripts)", () => {
    for (let i = 0; i < 50; i++) {
      const nonce = newNonce();
      expect(getScriptNonceFromHeader(contentSecurityPolicy({ nonce, development: false }))).toBe(nonce);
    }
  });

  it("makes a fresh 128-bit nonce each time", () => {
    const nonces = new Set(Array.from({ length: 1000 }, () => newNonce()));
    expect(nonces.size).toBe(1000);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });

  it("without a nonce allows no inline script (what static files get)", () => {
    expect(directive(contentSecurityPolicy({ development: false }), "script-src")).toEqual(["'self'"]);
  });

  it("keeps framing, plugins and <base> shut", () => {
    const policy = contentSecurityPolicy({ nonce: newNonce(), development: false });
    expect(directive(policy, "frame-ancestors")).toEqual(["'none'"]);
    expect(directive(policy, "object-src")).toEqual(["'none'"]);
    expect(directive(policy, "base-uri")).toEqual(["'self'"]);
  });

  it("is the policy next.config.ts sends on what the proxy does not see", async () => {
    const { default: config } = (await import("../../next.config")) as { default: NextConfig };
    const rules = (await config.headers?.()) ?? [];
    const everywhere = rules.find((rule) => rule.source === "/:path*");
    const sent = everywhere?.headers.find((h) => h.key === "Content-Security-Policy")?.value;
    expect(sent).toBe(contentSecurityPolicy({ development: false }));
  });
});
