// Control API for the fault and throttling layer. Registered by the emulator's control plugin
// inside its own prefix and authentication, so these routes only say what they do.
import type { FastifyInstance } from "fastify";
import type { FaultLayer } from "./layer";
import { faultSettingsSchema, limitSettingsPatchSchema } from "./settings";

export function registerFaultControlRoutes(app: FastifyInstance, layer: FaultLayer): void {
  app.get("/faults", async () => layer.getFaults());

  app.put("/faults", async (request, reply) => {
    const parsed = faultSettingsSchema.safeParse(request.body ?? {});
    if (!parsed.success) return reply.code(400).send({ error: "invalid_fault_settings", issues: parsed.error.issues });
    return layer.setFaults(parsed.data);
  });

  app.get("/limits", async () => layer.getLimits());

  app.patch("/limits", async (request, reply) => {
    const parsed = limitSettingsPatchSchema.safeParse(request.body ?? {});
    if (!parsed.success) return reply.code(400).send({ error: "invalid_limit_settings", issues: parsed.error.issues });
    return layer.setLimits(parsed.data);
  });

  app.get("/counters", async () => layer.readCounters());

  app.delete("/counters", async (_request, reply) => {
    layer.counters.reset();
    return reply.code(204).send();
  });

  /** Documented limits, no faults, zero counters. */
  app.post("/faults/reset", async (_request, reply) => {
    layer.reset();
    return reply.code(204).send();
  });
}
