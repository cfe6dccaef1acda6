// $batch replays its inner requests through the server itself (Fastify inject) so they meet the
// same handlers and limits as direct calls. This header, carrying a per-process secret, marks such
// replays: they have no socket of their own to reset. A client cannot forge it without the secret.
import { randomBytes } from "node:crypto";

export const INTERNAL_BATCH_HEADER = "x-emulator-batch-inner";
export const internalBatchSecret = randomBytes(24).toString("base64url");

export function isInternalBatchCall(headers: Record<string, string | string[] | undefined>): boolean {
  return headers[INTERNAL_BATCH_HEADER] === internalBatchSecret;
}
