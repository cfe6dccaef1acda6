import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FilterSyntaxError, parseFilter } from "./filter";
import { evaluateFilter, filterProperties } from "./filter-evaluate";

const guest = {
  id: "1",
  displayName: "Ana O'Neil",
  mail: "Ana@Fabrikam.com",
  userPrincipalName: "ana_fabrikam.com#EXT#@contoso.onmicrosoft.com",
  userType: "Guest",
  externalUserState: "PendingAcceptance",
  otherMails: ["ana@fabrikam.com", "ana.private@example.org"],
};
const member = {
  id: "2",
  displayName: "Bo Admin",
  mail: "bo@contoso.com",
  userPrincipalName: "bo@contoso.com",
  userType: "Member",
  externalUserState: null,
  otherMails: [],
};

function matches(filter: string, entity: Record<string, unknown>): boolean {
  return evaluateFilter(parseFilter(filter), entity);
}

describe("$filter", () => {
  it("compares strings case-insensitively, as the directory does", () => {
    expect(matches("userType eq 'Guest'", guest)).toBe(true);
    expect(matches("userType eq 'guest'", guest)).toBe(true);
    expect(matches("userType eq 'Guest'", member)).toBe(false);
    expect(matches("mail eq 'ana@fabrikam.com'", guest)).toBe(true);
    expect(matches("userType ne 'Guest'", member)).toBe(true);
  });

  it("handles and / or / not with the usual precedence and parentheses", () => {
    expect(matches("userType eq 'Guest' and externalUserState eq 'PendingAcceptance'", guest)).toBe(true);
    expect(matches("userType eq 'Guest' and externalUserState eq 'Accepted'", guest)).toBe(false);
    expect(matches("userType eq 'Member' or mail eq 'ana@fabrikam.com'", guest)).toBe(true);
    // and binds tighter than or
    expect(matches("userType eq 'Member' and mail eq 'x' or id eq '1'", guest)).toBe(true);
    expect(matches("userType eq 'Member' and (mail eq 'x' or id eq '1')", guest)).toBe(false);
    expect(matches("not (userType eq 'Guest')", member)).toBe(true);
  });

  it("supports any() and all() over a string collection", () => {
    expect(matches("otherMails/any(x:x eq 'ANA.private@example.org')", guest)).toBe(true);
    expect(matches("otherMails/any(x: x eq 'nobody@example.org')", guest)).toBe(false);
    expect(matches("otherMails/any(x:x eq 'bo@contoso.com')", member)).toBe(false);
    expect(matches("otherMails/any(x:startswith(x, 'ana.'))", guest)).toBe(true);
    expect(matches("otherMails/all(x:endswith(x, '.org'))", guest)).toBe(false);
  });

  it("supports startswith, endswith, in, null and escaped quotes", () => {
    expect(matches("startswith(displayName, 'ana')", guest)).toBe(true);
    expect(matches("startswith(mail, 'bo')", guest)).toBe(false);
    expect(matches("endswith(mail, '@fabrikam.com')", guest)).toBe(true);
    expect(matches("mail in ('x@y.z', 'bo@contoso.com')", member)).toBe(true);
    expect(matches("externalUserState eq null", member)).toBe(true);
    expect(matches("displayName eq 'Ana O''Neil'", guest)).toBe(true);
    expect(matches("userPrincipalName eq 'ana_fabrikam.com#EXT#@contoso.onmicrosoft.com'", guest)).toBe(true);
  });

  it("lists the properties a filter refers to, without lambda variables", () => {
    expect(filterProperties(parseFilter("otherMails/any(x:x eq 'a') and userType eq 'Guest'"))).toEqual([
      "otherMails",
      "userType",
    ]);
  });

  it.each([
    "userType eq",
    "userType 'Guest'",
    "userType eq 'Guest' and",
    "(userType eq 'Guest'",
    "userType eq 'Guest",
    "userType like 'Guest'",
    "otherMails/some(x:x eq 'a')",
    "",
  ])("rejects the malformed filter %j", (source) => {
    expect(() => parseFilter(source)).toThrow(FilterSyntaxError);
  });

  it("reports the position of a syntax error in Graph's words", () => {
    expect(() => parseFilter("userType eq")).toThrow(
      "Invalid filter clause: Syntax error at position 11 in 'userType eq'.",
    );
  });

  it("round-trips any string literal through OData quoting", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (value, other) => {
        const quoted = `'${value.replaceAll("'", "''")}'`;
        const filter = parseFilter(`mail eq ${quoted} or otherMails/any(x:x eq ${quoted})`);
        expect(evaluateFilter(filter, { mail: value, otherMails: [] })).toBe(true);
        expect(evaluateFilter(filter, { mail: null, otherMails: [other, value.toUpperCase()] })).toBe(true);
        if (other.toLowerCase() !== value.toLowerCase())
          expect(evaluateFilter(filter, { mail: other, otherMails: [] })).toBe(false);
      }),
    );
  });
});
