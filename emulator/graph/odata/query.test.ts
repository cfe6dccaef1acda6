import { describe, expect, it } from "vitest";
import {
  decodeSkipToken,
  encodeSkipToken,
  nextLinkFor,
  ODataQueryError,
  pageCollection,
  parseCollectionQuery,
  type CollectionSchema,
} from "./query";

const schema: CollectionSchema = {
  typeName: "Microsoft.DirectoryServices.User",
  properties: ["id", "displayName", "mail", "userType", "externalUserState", "otherMails"],
  defaultProperties: ["id", "displayName", "mail"],
  filterableProperties: ["id", "mail", "userType", "externalUserState", "otherMails"],
};

const users = Array.from({ length: 2500 }, (_, index) => ({
  id: `u${index}`,
  displayName: `User ${index}`,
  mail: `user${index}@example.com`,
  userType: index % 2 === 0 ? "Guest" : "Member",
  externalUserState: index % 2 === 0 ? "PendingAcceptance" : null,
  otherMails: [`user${index}@example.com`],
}));

function expectQueryError(parameters: Record<string, string>, code: string, message?: string) {
  try {
    parseCollectionQuery(schema, parameters);
    expect.fail("expected the query to be rejected");
  } catch (error) {
    expect(error).toBeInstanceOf(ODataQueryError);
    expect((error as ODataQueryError).code).toBe(code);
    if (message) expect((error as ODataQueryError).message).toBe(message);
  }
}

describe("collection queries", () => {
  it("pages 2,500 entities with $top=999 into three pages, then stops", () => {
    const seen: string[] = [];
    let offset: number | null = 0;
    let pages = 0;
    while (offset !== null) {
      const parameters: Record<string, string> = { $top: "999" };
      if (offset > 0) parameters.$skiptoken = encodeSkipToken(offset);
      const page = pageCollection(users, parseCollectionQuery(schema, parameters));
      seen.push(...page.value.map((user) => user.id as string));
      offset = page.nextOffset;
      pages += 1;
    }
    expect(pages).toBe(3);
    expect(seen).toHaveLength(2500);
    expect(new Set(seen).size).toBe(2500);
  });

  it("returns the default property set without $select and exactly the selection with it", () => {
    const [first] = pageCollection(users, parseCollectionQuery(schema, { $top: "1" })).value;
    expect(Object.keys(first ?? {}).sort()).toEqual(["displayName", "id", "mail"]);
    const [selected] = pageCollection(
      users,
      parseCollectionQuery(schema, { $top: "1", $select: "userType,externalUserState" }),
    ).value;
    expect(selected).toEqual({ userType: "Guest", externalUserState: "PendingAcceptance", id: "u0" });
  });

  it("filters before paging and counts the matches", () => {
    const page = pageCollection(users, parseCollectionQuery(schema, { $filter: "userType eq 'Guest'", $top: "999" }));
    expect(page.total).toBe(1250);
    expect(page.value).toHaveLength(999);
    expect(page.nextOffset).toBe(999);
  });

  it("rejects $top outside 1..999 with Graph's message", () => {
    expectQueryError(
      { $top: "1000" },
      "Request_UnsupportedQuery",
      "Invalid page size specified: '1000'. Must be between 1 and 999 inclusive.",
    );
    expectQueryError({ $top: "0" }, "Request_UnsupportedQuery");
    expectQueryError({ $top: "ten" }, "Request_UnsupportedQuery");
  });

  it("rejects unknown properties in $select and $filter, and bad filters", () => {
    expectQueryError(
      { $select: "id,shoeSize" },
      "Request_BadRequest",
      "Could not find a property named 'shoeSize' on type 'Microsoft.DirectoryServices.User'.",
    );
    expectQueryError({ $filter: "shoeSize eq 42" }, "Request_BadRequest");
    expectQueryError({ $filter: "displayName eq 'x'" }, "Request_UnsupportedQuery");
    expectQueryError({ $filter: "userType eq" }, "BadRequest");
    expectQueryError({ $skiptoken: "garbage" }, "Directory_ExpiredPageToken");
    expectQueryError({ $count: "yes" }, "BadRequest");
  });

  it("round-trips skip tokens and keeps the other options in the next link", () => {
    expect(decodeSkipToken(encodeSkipToken(1998))).toBe(1998);
    const link = new URL(
      nextLinkFor(new URL("https://localhost:4010/v1.0/users?$top=999&$select=id&$skiptoken=old"), 999),
    );
    expect(link.searchParams.get("$top")).toBe("999");
    expect(link.searchParams.get("$select")).toBe("id");
    expect(decodeSkipToken(link.searchParams.get("$skiptoken") ?? "")).toBe(999);
  });
});
