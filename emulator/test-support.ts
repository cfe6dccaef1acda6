// For the emulator's own tests: start an emulator on a free port whose CA is the one this test
// process already trusts (NODE_EXTRA_CA_CERTS is read by Node only at start, so the test script
// creates the CA first: `npm run emulator:ca`).
import path from "node:path";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "./server";

export function trustedDataDir(): string {
  const caPath = process.env.NODE_EXTRA_CA_CERTS;
  if (!caPath) {
    throw new Error("NODE_EXTRA_CA_CERTS is not set: run the emulator tests with `npm run test:emulator` (it creates the CA and trusts it).");
  }
  return path.dirname(path.resolve(caPath));
}

export function startTestEmulator(options: Omit<EmulatorOptions, "dataDir" | "port"> = {}): Promise<RunningEmulator> {
  return startEmulator({ port: 0, quiet: true, controlToken: "test-control-token", ...options, dataDir: trustedDataDir() });
}
