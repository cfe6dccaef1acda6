import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { waitForEmulatorEnv } from "./emulator-env";

const complete = [
  "AZURE_TENANT_ID=11111111-1111-1111-1111-111111111111",
  "AZURE_CLIENT_ID=22222222-2222-2222-2222-222222222222",
  "MICROSOFT_AUTHORITY_HOST=https://localhost:4010",
  "GRAPH_BASE_URL=https://localhost:4010",
  "",
].join("\n");

describe("waitForEmulatorEnv", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "emulator-env-"));
  const file = path.join(dir, "demo.env");
  afterEach(() => fs.rmSync(file, { force: true }));

  it("keeps waiting while the file is fresh but still empty or partial, then returns it whole", async () => {
    // What the demo saw on a loaded machine: the file created, its content not yet written.
    fs.writeFileSync(file, "");
    const since = Date.now() - 1000;
    setTimeout(() => fs.writeFileSync(file, complete.split("\n").slice(0, 2).join("\n")), 30);
    setTimeout(() => fs.writeFileSync(file, complete), 120);
    const env = await waitForEmulatorEnv(file, since, 5_000, 10);
    expect(env.MICROSOFT_AUTHORITY_HOST).toBe("https://localhost:4010");
    expect(env.GRAPH_BASE_URL).toBe("https://localhost:4010");
  });

  it("ignores a complete file older than the emulator's start", async () => {
    fs.writeFileSync(file, complete);
    await expect(waitForEmulatorEnv(file, Date.now() + 60_000, 100, 10)).rejects.toThrow(/not complete/);
  });

  it("names what is missing when the file never completes", async () => {
    fs.writeFileSync(file, "AZURE_TENANT_ID=x\n");
    await expect(waitForEmulatorEnv(file, 0, 100, 10)).rejects.toThrow(
      /missing: AZURE_CLIENT_ID, MICROSOFT_AUTHORITY_HOST, GRAPH_BASE_URL/,
    );
  });
});
