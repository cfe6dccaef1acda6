// Control routes that read and shape the directory: tenants, users, apps, grants, tokens, mail, log.
import type { FastifyInstance } from "fastify";
import type { EmulatorState } from "../state/store";

export function registerDirectoryRoutes(app: FastifyInstance, state: EmulatorState): void {
  app.get("/tenants", async () => [...state.tenants.values()]);
  app.get("/users", async () => [...state.users.values()]);
  app.get("/apps", async () => [...state.apps.values()]);
  app.get("/invitations", async () => [...state.invitations.values()]);
  app.get("/mail", async () => state.sentMail);
  app.get("/requests", async () => state.requestLog);
}
