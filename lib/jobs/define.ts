// The shape of a background task: a zod schema for its payload and the work to do.
// Payloads are validated on enqueue (so a caller's mistake fails in the caller) and again when the
// job runs (so a job queued by an older release cannot run with a payload this code does not expect).
import type { JobHelpers } from "graphile-worker";
import type { z } from "zod";

export interface TaskDefinition<Payload extends z.ZodType = z.ZodType> {
  payload: Payload;
  run(payload: z.output<Payload>, helpers: JobHelpers): Promise<void>;
}

export function defineTask<Payload extends z.ZodType>(definition: TaskDefinition<Payload>): TaskDefinition<Payload> {
  return definition;
}
