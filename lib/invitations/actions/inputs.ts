import "server-only";
// Validation of the resend action's input. Pure.
import { z } from "zod";
import { recordId } from "@/lib/actions/record-id";
import type { Validation } from "@/lib/actions/staff-action";

export interface ResendInput {
  invitationId: string;
  resetRedemption: boolean;
}

export function validateResendInput(raw: unknown): Validation<ResendInput> {
  const parsed = z
    .object({ invitationId: recordId, resetRedemption: z.boolean().optional().default(false) })
    .safeParse(raw);
  return parsed.success
    ? {
        ok: true,
        value: { invitationId: parsed.data.invitationId.toLowerCase(), resetRedemption: parsed.data.resetRedemption },
      }
    : { ok: false, message: "That invitation does not exist." };
}
