import { defineConfig } from "vitest/config";
import path from "node:path";

// Three projects so each kind of test runs with what it needs and nothing more:
// - unit: pure code, beside its source (x.test.ts)
// - emulator: the emulator's own tests; each file starts an emulator in-process over HTTPS
// - integration: *.int.test.ts, against a real PostgreSQL and a running emulator (test/global-setup.ts)
// `server-only` throws outside React's server build; tests load server modules directly, so it is
// its empty export here (as with the react-server condition the scripts run under).
const alias = {
  "@": path.resolve(import.meta.dirname),
  "server-only": path.resolve(import.meta.dirname, "node_modules/server-only/empty.js"),
};
// Every project's property tests use one seed (see the file).
const setupFiles = ["test/fast-check-seed.ts"];

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: [
            "lib/**/*.test.ts",
            "app/**/*.test.ts",
            "scripts/**/*.test.ts",
            "bench/**/*.test.ts",
            "eslint-rules/**/*.test.ts",
          ],
          exclude: ["**/*.int.test.ts", "node_modules/**"],
          environment: "node",
          // Property tests run a fixed number of generated cases (fixed seed): their work is the same
          // every run, their time is the machine's. CI's loaded 2-core machine took 6.3 s for one that
          // takes 1 s idle, past vitest's 5 s default; a hang still fails, after 30 s.
          testTimeout: 30_000,
          setupFiles,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "emulator",
          include: ["emulator/**/*.test.ts"],
          environment: "node",
          setupFiles,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["**/*.int.test.ts"],
          // next-auth imports "next/server" without an extension, which only a bundler resolves.
          server: { deps: { inline: ["next-auth"] } },
          exclude: ["node_modules/**", "emulator/**"],
          environment: "node",
          setupFiles,
          globalSetup: ["test/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
