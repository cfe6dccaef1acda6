import { describe, expect, it } from "vitest";
import { redirectFailure, refusalForAddress, refusalForDestination, refusalForUrl } from "./outbound";

const production = { allowLoopbackHttp: false };
const development = { allowLoopbackHttp: true };

describe("refusalForUrl", () => {
  it.each([
    ["http://169.254.169.254/latest/meta-data/", /link-local.*metadata/],
    ["https://169.254.169.254/latest/meta-data/", /link-local.*metadata/],
    ["https://10.0.0.1/hooks", /private network/],
    ["https://192.168.1.10/hooks", /private network/],
    ["https://172.16.5.4/hooks", /private network/],
    ["https://[::1]/hooks", /loopback/],
    ["http://[::1]/hooks", /loopback/],
    ["https://127.0.0.1:8443/hooks", /loopback/],
    ["https://[::ffff:10.0.0.1]/hooks", /private network/],
    ["https://[fd00:ec2::254]/", /private IPv6/],
    ["https://100.100.100.200/", /carrier-grade/],
    ["https://0.0.0.0/", /unspecified/],
    ["http://example.com/hooks", /https/],
    ["ftp://example.com/hooks", /https/],
    ["https://user:pass@example.com/hooks", /user name or password/],
    ["not a url", /not a URL/],
  ])("refuses %s in production", (url, words) => {
    expect(refusalForUrl(url, production)).toMatch(words);
  });

  it("accepts a public https URL", () => {
    expect(refusalForUrl("https://hooks.example.com/guestpass", production)).toBeNull();
    expect(refusalForUrl("https://93.184.215.14/guestpass", production)).toBeNull();
  });

  it("allows http and loopback only with the development setting, and never private addresses", () => {
    expect(refusalForUrl("http://localhost:4000/hooks", production)).toMatch(/https/);
    expect(refusalForUrl("http://localhost:4000/hooks", development)).toBeNull();
    expect(refusalForUrl("http://127.0.0.1:4000/hooks", development)).toBeNull();
    expect(refusalForUrl("https://[::1]:4000/hooks", development)).toBeNull();
    expect(refusalForUrl("http://example.com/hooks", development)).toMatch(/only to this machine/);
    expect(refusalForUrl("http://10.0.0.1/hooks", development)).toMatch(/private network/);
    expect(refusalForUrl("https://169.254.169.254/", development)).toMatch(/link-local/);
  });
});

describe("refusalForAddress", () => {
  it("judges IPv4-mapped IPv6 as the IPv4 address it carries", () => {
    expect(refusalForAddress("::ffff:127.0.0.1", production)).toMatch(/loopback/);
    expect(refusalForAddress("::ffff:8.8.8.8", production)).toBeNull();
  });
});

describe("refusalForDestination", () => {
  it("resolves a name when it is saved: localhost is refused without the development setting, naming both", async () => {
    expect(await refusalForDestination("https://localhost:8443/hooks", production)).toBe(
      "localhost resolves to 127.0.0.1, a loopback address (this machine): Guestpass only calls public addresses.",
    );
    expect(await refusalForDestination("https://localhost:8443/hooks", development)).toBeNull();
  });

  it("gives the form's refusal first, and accepts a name that does not resolve (its attempts will say so)", async () => {
    expect(await refusalForDestination("https://[::1]/hooks", production)).toMatch(/^That is ::1, a loopback/);
    expect(await refusalForDestination("https://receiver.invalid/hooks", production)).toBeNull();
  });
});

describe("redirectFailure", () => {
  const endpoint = "https://hooks.example.com/guestpass";

  it("names where a redirect pointed, with its query values and credentials hidden", () => {
    expect(redirectFailure(301, "https://user:pw@new.example.com/in?key=abc#x", endpoint, production)).toBe(
      "The receiver answered 301, a redirect to https://new.example.com/in?key=redacted: Guestpass follows no " +
        "redirects; give the final URL.",
    );
    expect(redirectFailure(307, "/moved", endpoint, production)).toMatch(
      /redirect to https:\/\/hooks\.example\.com\/moved:/,
    );
  });

  it("says when the redirect points at an address Guestpass refuses", () => {
    expect(redirectFailure(302, "http://169.254.169.254/latest/meta-data/", endpoint, development)).toMatch(
      /follows no redirects; give the final URL\. It points to 169\.254\.169\.254, a link-local address/,
    );
    expect(redirectFailure(302, "https://[::1]/x", endpoint, development)).not.toMatch(/It points to/);
    expect(redirectFailure(302, "https://[::1]/x", endpoint, production)).toMatch(/It points to ::1, a loopback/);
  });

  it("without a usable Location, still says no redirect is followed", () => {
    expect(redirectFailure(302, null, endpoint, production)).toBe(
      "The receiver answered 302 (a redirect): Guestpass follows no redirects; give the final URL.",
    );
    expect(redirectFailure(302, "http://[bad", endpoint, production)).toMatch(/\(a redirect\)/);
  });
});
