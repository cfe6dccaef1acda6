import "server-only";
// Handler of "housekeeping.pruneConsentAttempts": drops OAuth state rows (user and admin consent)
// past their retention, and the consent routes' idle rate-limit buckets.
import { prisma } from "@/lib/db/client";
import type { JobHandler } from "../handler";

export const pruneConsentAttempts: JobHandler<"housekeeping.pruneConsentAttempts"> = async (
  { olderThanDays },
  helpers,
) => {
  const cutoff = new Date(Date.now() - olderThanDays * 86_400_000);
  const { count } = await prisma.consentAttempt.deleteMany({ where: { expiresAt: { lt: cutoff } } });
  const admin = await prisma.adminConsentAttempt.deleteMany({ where: { expiresAt: { lt: cutoff } } });
  helpers.logger.info(
    `Pruned ${count} consent attempt(s) and ${admin.count} admin-consent attempt(s) that expired before ${cutoff.toISOString()}`,
  );
  // The consent routes' rate-limit buckets (one per client address): untouched for an hour, each is
  // full again, which is what a missing bucket means too.
  const buckets = await prisma.rateLimitBucket.deleteMany({
    where: { key: { startsWith: "consent:" }, refilledAt: { lt: new Date(Date.now() - 3_600_000) } },
  });
  helpers.logger.info(`Pruned ${buckets.count} idle consent rate-limit bucket(s)`);
};
