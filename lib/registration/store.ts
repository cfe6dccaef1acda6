import "server-only";
// Stored registration check runs: the only writer, and the reads Settings and the staff banner use.
import { prisma } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { emitRegistrationEvents } from "@/lib/events/resources";
import type { RegistrationReport } from "@/lib/shared/registration";
import { runRegistrationChecks } from "./run";
import { loadInvitationMailSettings } from "@/lib/invitations/mail/settings";
import { registrationCheckContextFromEnv } from "./from-env";

export type RegistrationCheckTrigger = "Staff" | "Schedule";

export interface StoredRegistrationCheck {
  id: string;
  ranAt: Date;
  trigger: RegistrationCheckTrigger;
  ranByEmail: string | null;
  report: RegistrationReport;
}

export async function recordRegistrationCheck(
  report: RegistrationReport,
  by: { trigger: RegistrationCheckTrigger; ranById?: string | null },
): Promise<{ id: string }> {
  return prisma.$transaction(async (tx) => {
    const run = await tx.registrationCheckRun.create({
      data: {
        ranAt: new Date(report.ranAt),
        status: report.status,
        trigger: by.trigger,
        ranById: by.ranById ?? null,
        credentialExpiresAt: report.credentialExpiresAt ? new Date(report.credentialExpiresAt) : null,
        report: report as unknown as Prisma.InputJsonValue,
      },
      select: { id: true },
    });
    await emitRegistrationEvents(tx, run.id, report);
    return run;
  });
}

/** Runs the check against this deployment's configuration and stores the result. */
export async function runAndRecordRegistrationCheck(by: {
  trigger: RegistrationCheckTrigger;
  ranById?: string | null;
}): Promise<{ id: string; report: RegistrationReport }> {
  const report = await runRegistrationChecks({
    ...registrationCheckContextFromEnv(),
    invitationMail: await loadInvitationMailSettings(),
  });
  const { id } = await recordRegistrationCheck(report, by);
  return { id, report };
}

export async function latestRegistrationCheck(): Promise<StoredRegistrationCheck | null> {
  const run = await prisma.registrationCheckRun.findFirst({ orderBy: [{ ranAt: "desc" }, { id: "desc" }] });
  if (!run) return null;
  const ranBy = run.ranById
    ? await prisma.user.findUnique({ where: { id: run.ranById }, select: { email: true } })
    : null;
  return {
    id: run.id,
    ranAt: run.ranAt,
    trigger: run.trigger,
    ranByEmail: ranBy?.email ?? null,
    report: run.report as unknown as RegistrationReport,
  };
}

/** What the staff banner needs from the newest run: one indexed row, no report. */
export async function latestRegistrationAttention(): Promise<{
  ranAt: Date;
  status: RegistrationReport["status"];
  credentialExpiresAt: string | null;
} | null> {
  const run = await prisma.registrationCheckRun.findFirst({
    orderBy: [{ ranAt: "desc" }, { id: "desc" }],
    select: { ranAt: true, status: true, credentialExpiresAt: true },
  });
  return run
    ? { ranAt: run.ranAt, status: run.status, credentialExpiresAt: run.credentialExpiresAt?.toISOString() ?? null }
    : null;
}
