import { describe, expect, it } from "vitest";
import { comesFromOwnPages } from "./request-origin";

const APP_URL = "https://guestpass.example.com";
const from = (headers: Record<string, string>) =>
  comesFromOwnPages(new Headers({ host: "guestpass.example.com", ...headers }), APP_URL);

describe("comesFromOwnPages", () => {
  it("takes APP_URL's origin, or the host the request was sent to", () => {
    expect(from({ origin: APP_URL })).toBe(true);
    expect(from({ origin: "http://127.0.0.1:3000", host: "127.0.0.1:3000" })).toBe(true);
  });

  it("refuses a missing, null, foreign or look-alike Origin, and never reads X-Forwarded-Host", () => {
    expect(from({})).toBe(false);
    expect(from({ "sec-fetch-site": "cross-site" })).toBe(false);
    expect(from({ origin: "null" })).toBe(false);
    expect(from({ origin: "null", "sec-fetch-site": "cross-site" })).toBe(false);
    expect(from({ origin: "https://evil.example" })).toBe(false);
    expect(from({ origin: "https://guestpass.example.com.evil.example" })).toBe(false);
    expect(from({ origin: "https://evil.example", "x-forwarded-host": "evil.example" })).toBe(false);
    expect(from({ origin: "not a url" })).toBe(false);
  });

  it("takes a browser's Sec-Fetch-Site: same-origin when Origin is left out", () => {
    expect(from({ "sec-fetch-site": "same-origin" })).toBe(true);
    expect(from({ "sec-fetch-site": "same-site" })).toBe(false);
  });

  it("takes Origin: null from a no-referrer page of its own (Sec-Fetch-Site: same-origin)", () => {
    expect(from({ origin: "null", "sec-fetch-site": "same-origin" })).toBe(true);
  });
});
