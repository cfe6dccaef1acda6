// For the emulator's own tests: start an emulator on a free port whose CA is the one this test
// process already trusts (NODE_EXTRA_CA_CERTS is read by Node only at start, so the test script
// creates the CA first: `npm run emulator:ca`).
import path from "node:path";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { EmulatorControl } from "./control/client";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "./server";

export function trustedDataDir(): string {
  const caPath = process.env.NODE_EXTRA_CA_CERTS;
  if (!caPath) {
    throw new Error(
      "NODE_EXTRA_CA_CERTS is not set: run the emulator tests with `npm run test:emulator` (it creates the CA and trusts it).",
    );
  }
  return path.dirname(path.resolve(caPath));
}

export function startTestEmulator(options: Omit<EmulatorOptions, "dataDir" | "port"> = {}): Promise<RunningEmulator> {
  return startEmulator({
    port: 0,
    quiet: true,
    controlToken: "test-control-token",
    ...options,
    dataDir: trustedDataDir(),
  });
}

/**
 * One emulator for a test file, with its control client, reset to the default scenario before each
 * test. Read `t.emulator` / `t.control` inside hooks and tests (they exist once beforeAll has run).
 */
export function controlledTestEmulator(options: Omit<EmulatorOptions, "dataDir" | "port"> = {}): {
  emulator: RunningEmulator;
  control: EmulatorControl;
} {
  const handle = {} as { emulator: RunningEmulator; control: EmulatorControl };
  beforeAll(async () => {
    handle.emulator = await startTestEmulator(options);
    handle.control = new EmulatorControl(handle.emulator.controlUrl, handle.emulator.controlToken);
  });
  afterAll(async () => {
    await handle.emulator?.close();
  });
  beforeEach(async () => {
    await handle.control.reset();
  });
  return handle;
}
