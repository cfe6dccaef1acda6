import "server-only";
// Handler of "staff.checkAccess" (every minute): staff with a live session still hold their
// Guestpass role and a working account (lib/auth/access-check.ts). Nobody signed in costs one
// database query and no Graph call.
import { checkStaffAccess, pruneStaffSessions } from "@/lib/auth/access-check";
import { getEnv } from "@/lib/env";
import { appGraphClientFromEnv } from "@/lib/graph/from-env";
import type { JobHandler } from "../handler";

let warnedAboutRoles = false;

export const checkStaffAccessJob: JobHandler<"staff.checkAccess"> = async (_payload, helpers) => {
  const env = getEnv();
  const summary = await checkStaffAccess({
    graph: appGraphClientFromEnv(),
    clientId: env.AZURE_CLIENT_ID,
    tenantId: env.AZURE_TENANT_ID,
  });
  const pruned = await pruneStaffSessions();
  if (!summary.rolesRead && !warnedAboutRoles) {
    warnedAboutRoles = true;
    helpers.logger.warn(
      "Staff access check: the app may not read its app role assignments (grant the Application.Read.All application permission); a removed role takes effect at the next sign-in, at most 12 hours later. Disabled accounts are still checked.",
    );
  }
  if (summary.rolesChanged + summary.disabled + pruned > 0) {
    helpers.logger.info(
      `Staff access check: ${summary.checked} checked, ${summary.rolesChanged} role change(s), ${summary.disabled} disabled, ${summary.sessionsEnded} session(s) ended, ${pruned} old session record(s) pruned`,
    );
  }
};
