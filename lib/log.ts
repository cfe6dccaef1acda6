import "server-only";
// One structured logger for the portal, the worker and the scripts: JSON lines on stderr (pino),
// each with `level`, `time`, the module's `context` and a `message`. Thrown values are logged
// through `describeErrorForLog` (lib/errors/user-error.ts), which removes anything secret-looking;
// nothing else here is allowed to carry a token.
import pino, { type DestinationStream, type Logger } from "pino";

export function createLogger(destination: DestinationStream = pino.destination({ fd: 2, sync: true })): Logger {
  return pino(
    {
      base: undefined,
      messageKey: "message",
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}

export const logger = createLogger();

/** The logger of one module: every line says where it comes from. */
export const logFor = (context: string): Logger => logger.child({ context });
