import "server-only";
// The id of a record named in an action's input (an invitation, a grant, a consent link): every
// domain's actions accept the same shape and refuse anything else as "does not exist".
import { z } from "zod";
import type { Validation } from "./staff-action";

export const recordId = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "Unknown record.");

export function validateRecordId(raw: unknown): Validation<string> {
  const parsed = recordId.safeParse(raw);
  return parsed.success
    ? { ok: true, value: parsed.data.toLowerCase() }
    : { ok: false, message: "That record does not exist." };
}
