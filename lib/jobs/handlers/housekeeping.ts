// Handler of "housekeeping.pruneConsentAttempts": drops OAuth state rows (user and admin consent) past their retention.
import { prisma } from "@/lib/db/client";
import type { JobHandler } from "../handler";

export const pruneConsentAttempts: JobHandler<"housekeeping.pruneConsentAttempts"> = async ({ olderThanDays }, helpers) => {
  const cutoff = new Date(Date.now() - olderThanDays * 86_400_000);
  const { count } = await prisma.consentAttempt.deleteMany({ where: { expiresAt: { lt: cutoff } } });
  const admin = await prisma.adminConsentAttempt.deleteMany({ where: { expiresAt: { lt: cutoff } } });
  helpers.logger.info(`Pruned ${count} consent attempt(s) and ${admin.count} admin-consent attempt(s) that expired before ${cutoff.toISOString()}`);
};
