import { describe, expect, it } from "vitest";
import { safeReturnPath } from "./return-to";

describe("safeReturnPath", () => {
  it("keeps same-origin paths", () => {
    expect(safeReturnPath("/invitations?status=Failed")).toBe("/invitations?status=Failed");
  });

  it("refuses other origins and protocol-relative or backslash tricks", () => {
    for (const value of ["https://evil.example/", "//evil.example", "/\\evil.example", "javascript:alert(1)", ""]) {
      expect(safeReturnPath(value)).toBe("/invitations");
    }
  });
});
