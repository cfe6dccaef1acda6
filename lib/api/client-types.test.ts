// The typed client's types are what the OpenAPI document generates today, so the client cannot
// drift from the API it calls.
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { API_CLIENT_TYPES_FILE, API_TYPES_COMMAND, renderApiClientTypes } from "./client-types";

describe("the typed client's types", () => {
  it("are what the OpenAPI document generates", async () => {
    const generated = await renderApiClientTypes();
    expect(generated).toContain('"/grants/{id}/messages"');
    const checkedIn = fs.existsSync(API_CLIENT_TYPES_FILE) ? fs.readFileSync(API_CLIENT_TYPES_FILE, "utf8") : "";
    expect(
      checkedIn === generated,
      `${API_CLIENT_TYPES_FILE} differs from what the OpenAPI document generates: run \`${API_TYPES_COMMAND}\` and commit it.`,
    ).toBe(true);
  });
});
