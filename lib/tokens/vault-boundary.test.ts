// "No code path writes or reads a token any other way": the ciphertext columns are named only by the
// vault (and its tests). A new file that touches them fails here and has to go through lib/tokens/vault.ts.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const COLUMNS = /tokenCacheCipher|codeVerifierCipher/;
const ALLOWED = new Set(["lib/tokens/vault.ts"]);

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory())
      return ["node_modules", "generated", ".next"].includes(entry.name) ? [] : sourceFiles(relative);
    return /\.(ts|tsx)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name) ? [relative] : [];
  });
}

describe("token vault boundary", () => {
  it("only lib/tokens/vault.ts names the token ciphertext columns", () => {
    const offenders = ["app", "lib", "scripts", "components"]
      .filter((dir) => fs.existsSync(path.join(ROOT, dir)))
      .flatMap(sourceFiles)
      .filter((file) => !ALLOWED.has(file) && COLUMNS.test(fs.readFileSync(path.join(ROOT, file), "utf8")));
    expect(offenders).toEqual([]);
  });
});
