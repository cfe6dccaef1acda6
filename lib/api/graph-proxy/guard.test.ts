import { describe, expect, it } from "vitest";
import { checkProxyCall } from "./guard";

const SCOPES = ["openid", "User.Read", "Mail.Send", "Mail.Read"];
const call = (method: string, raw: string, scopes = SCOPES) => {
  const rawPath = `/api/v1/grants/00000000-0000-7000-8000-000000000000/graph/${raw}`;
  const segments = raw
    .split("?")[0]!
    .split("/")
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    });
  return checkProxyCall(method, segments, rawPath, scopes);
};

describe("Graph proxy guard", () => {
  it("forwards the user's own mail and profile within the consented scopes", () => {
    expect(call("GET", "me")).toEqual({ allowed: true, path: "/me" });
    expect(call("GET", "me/messages")).toEqual({ allowed: true, path: "/me/messages" });
    expect(call("GET", "me/mailFolders/inbox/messages")).toMatchObject({ allowed: true });
    expect(call("POST", "me/sendMail")).toMatchObject({ allowed: true });
  });

  it("refuses scopes the grant lacks, other users, other resources and other methods", () => {
    expect(call("GET", "me/events")).toMatchObject({ allowed: false, reason: "scope" });
    expect(call("GET", "me/messages", ["User.Read", "Mail.Send"])).toMatchObject({ allowed: false, reason: "scope" });
    expect(call("GET", "users/someone@contoso.com/messages")).toMatchObject({ allowed: false, reason: "not_allowed" });
    expect(call("GET", "invitations")).toMatchObject({ allowed: false, reason: "not_allowed" });
    expect(call("DELETE", "me/messages/1")).toMatchObject({ allowed: false, reason: "not_allowed" });
    expect(call("POST", "me/messages")).toMatchObject({ allowed: false, reason: "not_allowed" });
  });

  it("refuses path tricks: dot segments, encoded slashes and backslashes, double encoding, absolute URLs", () => {
    for (const trick of [
      "me/../users/x/messages",
      "me/./messages",
      "..%2Fusers%2Fx%2Fmessages",
      "me%2F..%2F..%2Finvitations",
      "me%5c..%5cinvitations",
      "me/%2e%2e/invitations",
      "me/%252e%252e/invitations",
      "https:%2F%2Fevil.example%2Fme",
      "https://evil.example/me",
      "me//messages",
      "me/messages%00",
    ]) {
      expect(call("GET", trick), trick).toMatchObject({ allowed: false, reason: "path" });
    }
  });
});
