import "server-only";
// The staff action behind "Run check" on Settings → Registration: admins only, audited with the
// outcome, the result stored and dated.
import { defineStaffAction } from "@/lib/actions/staff-action";
import { canManageSettings } from "@/lib/auth/permissions";
import type { RegistrationCheckRan } from "@/lib/shared/registration";
import { runAndRecordRegistrationCheck } from "./store";

export const runRegistrationCheckAction = defineStaffAction<null, RegistrationCheckRan>({
  action: "registration.check",
  allowed: canManageSettings,
  deniedMessage: "Only Guestpass administrators can check the app registration.",
  validate: () => ({ ok: true, value: null }),
  async run(_input, context) {
    const { id, report } = await runAndRecordRegistrationCheck({ trigger: "Staff", ranById: context.staff.userId });
    context.addAuditDetail({ status: report.status, runId: id });
    return { runId: id, status: report.status, ranAt: report.ranAt };
  },
  successMessage: (output) =>
    output.status === "fail"
      ? "Checked: something is broken, see below."
      : output.status === "warn"
        ? "Checked: something needs attention, see below."
        : "Checked: everything works.",
});
