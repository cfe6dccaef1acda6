// Global setup of the vitest `integration` project (see scripts/lib/test-stack.ts): a fresh
// PostgreSQL with every migration applied, and the emulator over HTTPS. Tests read the usual
// configuration from process.env (DATABASE_URL, AZURE_*, MICROSOFT_AUTHORITY_HOST, GRAPH_BASE_URL,
// TOKEN_ENCRYPTION_KEY, …) exactly as the portal and the worker do, plus EMULATOR_CONTROL_URL and
// EMULATOR_CONTROL_TOKEN for the emulator's control API.
import type { TestProject } from "vitest/node";
import { startTestStack } from "../scripts/lib/test-stack";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    emulatorUrl: string | null;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stack = await startTestStack({ appUrl: process.env.APP_URL ?? "http://localhost:3100" });
  Object.assign(process.env, stack.env);
  project.provide("databaseUrl", stack.databaseUrl);
  project.provide("emulatorUrl", stack.emulatorUrl);
  return () => stack.stop();
}
