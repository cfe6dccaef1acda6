// OAuth state rows only matter for the minutes a consent round trip takes; keep a week for support
// ("why did my link fail?"), then drop them so the table stays small.
import { z } from "zod";
import { prisma } from "@/lib/db/client";
import { defineTask } from "../define";

export const CONSENT_ATTEMPT_RETENTION_DAYS = 7;

export const pruneConsentAttempts = defineTask({
  payload: z.object({ olderThanDays: z.number().int().min(0).default(CONSENT_ATTEMPT_RETENTION_DAYS) }).loose(),
  async run({ olderThanDays }, helpers) {
    const cutoff = new Date(Date.now() - olderThanDays * 86_400_000);
    const { count } = await prisma.consentAttempt.deleteMany({ where: { expiresAt: { lt: cutoff } } });
    helpers.logger.info(`Pruned ${count} consent attempt(s) that expired before ${cutoff.toISOString()}`);
  },
});
