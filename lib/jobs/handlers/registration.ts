import "server-only";
// Handler of "registration.check" (daily): runs the app registration check and stores the result,
// so Settings shows a dated result and staff pages a banner when something broke or the credential
// nears its end, without anyone having to open Settings.
import { runAndRecordRegistrationCheck } from "@/lib/registration/store";
import type { JobHandler } from "../handler";

export const checkRegistrationJob: JobHandler<"registration.check"> = async (_payload, helpers) => {
  const { report } = await runAndRecordRegistrationCheck({ trigger: "Schedule" });
  const problems = report.checks.flatMap((check) =>
    check.findings.filter((item) => item.status === "fail" || item.status === "warn").map((item) => item.title),
  );
  helpers.logger.info(`Registration check: ${report.status}${problems.length ? ` (${problems.join("; ")})` : ""}`);
};
