import "server-only";
// Refuse to serve with a broken configuration, naming every missing or malformed variable, instead of
// failing on the first request that needs one. Used by the portal (instrumentation.ts).
import { EnvError, getEnv } from "./env";

export function exitOnInvalidConfiguration(): void {
  try {
    getEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
