import { describe, expect, it } from "vitest";
import { lookupError } from "@/lib/errors/catalogue";
import { explainStoredError } from "./detail";

describe("explainStoredError", () => {
  it("finds the entry the service explained by its stored title, even when the code is ambiguous", () => {
    const entry = lookupError("B2BInvitationsDisabled")!;
    const explained = explainStoredError("Authorization_RequestDenied", entry.title, "req-1")!;
    expect(explained.catalogueKey).toBe("B2BInvitationsDisabled");
    expect(explained.code).toBe("Authorization_RequestDenied");
    expect(explained.fix).toEqual(entry.fix);
    expect(explained.requestId).toBe("req-1");
  });

  it("explains a raw Microsoft message through the catalogue's own matching", () => {
    const explained = explainStoredError(
      "AADSTS50020",
      "AADSTS50020: User account from identity provider does not exist in tenant.",
      null,
    )!;
    expect(explained.known).toBe(true);
    expect(explained.catalogueKey).toBe("AADSTS50020");
  });

  it("keeps an unknown code and its request id", () => {
    const explained = explainStoredError("SomethingNew", "Brand new failure", "req-2")!;
    expect(explained.known).toBe(false);
    expect(explained.code).toBe("SomethingNew");
    expect(explained.requestId).toBe("req-2");
  });

  it("is null when nothing was stored", () => {
    expect(explainStoredError(null, null, null)).toBeNull();
  });
});
