// The control API (bearer `controlToken`): how tests and scripts shape and inspect the emulator.
// Its routes live in control/routes-*.ts; the fault layer's routes come from its faults module.
import { timingSafeEqual } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type { EmulatorState } from "../state/store";
import { registerFaultControlRoutes } from "../faults/control-routes";
import { registerActivityRoutes } from "./routes-activity";
import { registerDirectoryRoutes } from "./routes-directory";

export interface ControlPluginOptions {
  state: EmulatorState;
  controlToken: string;
  /** Back to the scenario the emulator started with. */
  reset: () => void;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function controlPlugin(app: FastifyInstance, options: ControlPluginOptions): Promise<void> {
  app.addHook("onRequest", async (request, reply) => {
    const header = request.headers.authorization ?? "";
    const token = header.toLowerCase().startsWith("bearer ") ? header.slice(7).trim() : "";
    if (!sameSecret(token, options.controlToken)) {
      return reply.code(401).header("www-authenticate", 'Bearer realm="emulator-control"').send({
        error: "unauthorized",
        message: "Control API needs the bearer token from demo.env (EMULATOR_CONTROL_TOKEN).",
      });
    }
  });
  app.get("/health", async () => ({ ok: true }));
  app.post("/reset", async (_request, reply) => {
    options.reset();
    app.emulatorFaults?.reset();
    return reply.code(204).send();
  });
  registerDirectoryRoutes(app, options.state);
  registerActivityRoutes(app, options.state);
  if (app.emulatorFaults) registerFaultControlRoutes(app, app.emulatorFaults);
}
