import "server-only";
// Validation of the small inputs of the invitation actions (ids, options). Pure.
import { z } from "zod";
import type { Validation } from "@/lib/actions/staff-action";

const recordId = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "Unknown record.");

export function validateRecordId(raw: unknown): Validation<string> {
  const parsed = recordId.safeParse(raw);
  return parsed.success ? { ok: true, value: parsed.data.toLowerCase() } : { ok: false, message: "That record does not exist." };
}

export interface ResendInput {
  invitationId: string;
  resetRedemption: boolean;
}

export function validateResendInput(raw: unknown): Validation<ResendInput> {
  const parsed = z
    .object({ invitationId: recordId, resetRedemption: z.boolean().optional().default(false) })
    .safeParse(raw);
  return parsed.success
    ? { ok: true, value: { invitationId: parsed.data.invitationId.toLowerCase(), resetRedemption: parsed.data.resetRedemption } }
    : { ok: false, message: "That invitation does not exist." };
}
