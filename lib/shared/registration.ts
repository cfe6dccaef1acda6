// The registration check's result as the Settings page, the banner and the stored run share it.
// Types and pure helpers only (safe in client components).

/**
 * pass: works. warn: works today, but something will break or is off (a secret expiring, an
 * unverified publisher). fail: something Guestpass needs does not work. info: an optional item is
 * absent or could not be seen (a permission Guestpass does not need was not granted); never a
 * problem by itself.
 */
export type CheckStatus = "pass" | "warn" | "fail" | "info";

export type RegistrationCheckId =
  "credential" | "permissions" | "registration" | "invitePolicy" | "consentAuthority" | "invitationMail";

/** A value to paste into the Entra admin center (a redirect URI, a scope, a role name). */
export interface PasteValue {
  label: string;
  value: string;
}

export interface RegistrationFinding {
  /** Stable per finding kind ("redirect-uri:…", "secret:…"), for tests and anchors. */
  id: string;
  status: CheckStatus;
  title: string;
  /** What it means, in plain words. */
  detail: string;
  /** What to do, in order; empty when nothing is to be done. */
  fix: string[];
  /** The values the fix needs, exactly. */
  values?: PasteValue[];
  /** The setup guide's step that covers it (docs/setup-entra.md), e.g. "3". */
  guideStep?: string;
  /** A Microsoft error code behind it (AADSTS7000215, Authorization_RequestDenied), when there was one. */
  code?: string;
}

export interface RegistrationCheckResult {
  id: RegistrationCheckId;
  title: string;
  status: CheckStatus;
  findings: RegistrationFinding[];
}

export interface RegistrationReport {
  ranAt: string;
  status: CheckStatus;
  checks: RegistrationCheckResult[];
  /** When the credential Guestpass uses stops working (the secret or certificate), when known. */
  credentialExpiresAt: string | null;
}

/** What "Run check" answers. */
export interface RegistrationCheckRan {
  runId: string;
  status: CheckStatus;
  ranAt: string;
}

const SEVERITY: Record<CheckStatus, number> = { info: 0, pass: 1, warn: 2, fail: 3 };

/** The worst status among findings (info counts as pass when anything passed). */
export function worstStatus(statuses: readonly CheckStatus[]): CheckStatus {
  if (statuses.length === 0) return "info";
  const worst = statuses.reduce((a, b) => (SEVERITY[b] > SEVERITY[a] ? b : a));
  return worst;
}

export const CHECK_STATUS_LABELS: Record<CheckStatus, string> = {
  pass: "Works",
  warn: "Needs attention",
  fail: "Broken",
  info: "Note",
};

/** Days before expiry from which a credential is flagged, on Settings and in the banner. */
export const CREDENTIAL_EXPIRY_WARNING_DAYS = 30;

/**
 * Days before expiry at which `registration.secret_expiring` is raised: once per credential at
 * each, so a receiver hears of it a month, a week and a day ahead, not after every daily check.
 */
export const CREDENTIAL_EXPIRY_EVENT_DAYS = [CREDENTIAL_EXPIRY_WARNING_DAYS, 7, 1] as const;

/** The nearest threshold a credential ending at `endsAt` is within at `at`, or null when none. */
export function credentialExpiryThreshold(endsAt: string, at: Date): number | null {
  const days = daysUntil(endsAt, at);
  const within = CREDENTIAL_EXPIRY_EVENT_DAYS.filter((threshold) => days < threshold);
  return within.length > 0 ? Math.min(...within) : null;
}

export function daysUntil(isoTime: string, now: Date = new Date()): number {
  return Math.floor((new Date(isoTime).getTime() - now.getTime()) / 86_400_000);
}

/** Whether staff pages show the banner: something is broken, or the credential expires within 30 days. */
export function needsAttention(
  report: Pick<RegistrationReport, "status" | "credentialExpiresAt">,
  now: Date = new Date(),
): boolean {
  if (report.status === "fail") return true;
  return (
    report.credentialExpiresAt !== null && daysUntil(report.credentialExpiresAt, now) < CREDENTIAL_EXPIRY_WARNING_DAYS
  );
}
