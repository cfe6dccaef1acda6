// Read-only page at `/`: what happened "at Microsoft" (tenants, users, invitations, sent mail).
import type { FastifyInstance } from "fastify";
import type { EmulatorState } from "../state/store";
import { renderOverview } from "./overview";

export interface UiPluginOptions {
  state: EmulatorState;
  origin: { url: string };
}

export async function uiPlugin(app: FastifyInstance, options: UiPluginOptions): Promise<void> {
  app.get("/", async (_request, reply) =>
    reply.type("text/html; charset=utf-8").send(renderOverview(options.state, options.origin.url)),
  );
}
