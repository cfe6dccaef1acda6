// `npm run emulator`: starts the emulator on EMULATOR_PORT (4010), writes `<dataDir>/demo.env`
// and prints it. Options: --port N, --data-dir DIR, --app-url URL, --scenario FILE.
import path from "node:path";
import { parseArgs } from "node:util";
import { DEMO_PASSWORD } from "./state/default-scenario";
import { startEmulator } from "./server";
import { writeFileAtomically } from "./tls/write-atomic";

const { values } = parseArgs({
  options: {
    port: { type: "string" },
    "data-dir": { type: "string" },
    "app-url": { type: "string" },
    scenario: { type: "string" },
    verbose: { type: "boolean", default: false },
  },
});

const dataDir = path.resolve(values["data-dir"] ?? process.env.EMULATOR_DATA_DIR ?? ".emulator");
const emulator = await startEmulator({
  port: Number(values.port ?? process.env.EMULATOR_PORT ?? 4010),
  dataDir,
  appUrl: values["app-url"] ?? process.env.APP_URL ?? "http://localhost:3000",
  scenario: values.scenario ?? process.env.EMULATOR_SCENARIO,
  quiet: !values.verbose,
});

const lines = [
  "# Written by the Guestpass emulator (npm run emulator). Demo values only.",
  "# DATABASE_URL is left unset: the npm scripts then start an embedded PostgreSQL.",
  ...Object.entries(emulator.env).map(
    ([name, value]) => `${name}=${/[\s#"']/.test(value) ? JSON.stringify(value) : value}`,
  ),
];
const envFile = path.join(dataDir, "demo.env");
// Atomically: the demo reads this file as soon as it appears.
await writeFileAtomically(envFile, `${lines.join("\n")}\n`);

process.stdout.write(
  [
    `Guestpass emulator listening on ${emulator.url}`,
    `  overview page:  ${emulator.url}/`,
    `  demo.env:       ${envFile}`,
    "",
    ...lines,
    "",
    `Demo accounts sign in with the password ${DEMO_PASSWORD}.`,
    "",
  ].join("\n"),
);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void emulator.close().then(() => process.exit(0));
  });
}
