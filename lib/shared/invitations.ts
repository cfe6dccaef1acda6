/**
 * What the invitation actions return inside their ActionResult (lib/shared/action-result.ts),
 * shared by the actions (server) and the pages and forms that call them. Types and pure constants
 * only: safe in a browser bundle, no server imports.
 */
import type { InvitationStatus } from "@/lib/db/generated/enums";

// ---------------------------------------------------------------------------------------------
// Single invite
// ---------------------------------------------------------------------------------------------

/** A user that already exists in our tenant (found by address before inviting). */
export interface TenantUserSummary {
  /** Object id in our tenant. */
  id: string;
  displayName?: string;
  mail?: string;
  userPrincipalName?: string;
  userType?: "Guest" | "Member" | string;
  /** PendingAcceptance, Accepted (guests only). */
  externalUserState?: string;
}

/** The Guestpass invitation for an address, when there is one. */
export interface InvitationRef {
  id: string;
  status: InvitationStatusName;
}

/** The invitation's status, as the database schema declares it (a type-only import: nothing of Prisma reaches the browser). */
export type InvitationStatusName = InvitationStatus;

export type InviteUserOutcome =
  /** Created and queued; the worker sends it (status Queued → Sending → PendingAcceptance). */
  | { kind: "queued"; invitationId: string }
  /** Guestpass already has an invitation for this address: open it instead. */
  | { kind: "alreadyInvited"; invitation: InvitationRef }
  /** The address is already a user of the tenant: nothing was sent. */
  | { kind: "existingUser"; existingUser: TenantUserSummary; invitation?: InvitationRef };

/** What connecting a person by consent link did: the link (shown once), or the address Guestpass already has. */
export type ConnectionOutcome =
  | { kind: "connected"; invitationId: string; url: string; /** ISO 8601. */ expiresAt: string }
  | { kind: "exists"; invitationId: string };

/** lookupInvitee(email): what the form shows before the admin presses "Invite". */
export interface InviteeLookup {
  /** The address as Guestpass will send it (trimmed, domain lower-cased). */
  email: string;
  existingUser?: TenantUserSummary;
  invitation?: InvitationRef;
  /**
   * Set when Microsoft refused part of the tenant look-up: which address fields went unchecked,
   * in words for the form (a user holding the address only there would not have been found).
   */
  partialLookup?: { unchecked: string[]; message: string };
}

/** memberInvitesAllowed(): whether the Member option can be offered. */
export interface MemberInviteAvailability {
  allowed: boolean;
  /** When not allowed: what to grant, in words an admin can follow. */
  reason?: string;
  /** The app's Graph application permissions seen in its token. */
  applicationPermissions: string[];
}

// ---------------------------------------------------------------------------------------------
// Bulk invite
// ---------------------------------------------------------------------------------------------

/** FormData field of the bulk upload form holding the CSV file. */
export const BULK_UPLOAD_FILE_FIELD = "file";

export type BulkRowOutcomeName = "Invited" | "Existing" | "Failed";

export interface BulkPreviewRow {
  /** As a spreadsheet numbers it (the header is row 1). */
  rowNumber: number;
  email: string;
  displayName?: string;
  userType?: "Guest" | "Member";
  /** false: the row is skipped when sending; `problems` says why. */
  valid: boolean;
  problems: string[];
}

export interface BulkPreview {
  runId: string;
  fileName: string;
  totalRows: number;
  validRows: number;
  invalidRows: number;
  duplicateRows: number;
  /** Column mapping found in the header, e.g. { email: "Email address" }. */
  columns: Record<string, string>;
  ignoredColumns: string[];
  /** Rows with problems first, then the others; at most BULK_PREVIEW_ROW_LIMIT (all rows are in BulkInviteRow). */
  rows: BulkPreviewRow[];
}
export const BULK_PREVIEW_ROW_LIMIT = 500;

// Progress and rows of a run are read by lib/invitations/queries/bulk-runs.ts (getBulkRunProgress,
// …) straight from BulkInviteRun / BulkInviteRow. Run states as the worker writes them:
//   status Queued + confirmedAt null  → uploaded, awaiting the admin's confirmation (the preview)
//   status Queued + confirmedAt set   → confirmed, waiting for a worker
//   Running → Completed, or Failed with stopCode/stopReason (stopped early: the tenant refuses
//   invitations; the remaining rows keep outcome null).

// ---------------------------------------------------------------------------------------------
// Resend, check, revoke
// ---------------------------------------------------------------------------------------------

/** One resend per invitation per this many milliseconds (enforced on the server). */
export const RESEND_COOLDOWN_MS = 10 * 60_000;

/** When the next resend is allowed, or null if it is allowed now. Pure: pages use it to show the limit. */
export function resendAvailableAt(lastResentAt: Date | string | null | undefined, now: Date = new Date()): Date | null {
  if (!lastResentAt) return null;
  const next = new Date(new Date(lastResentAt).getTime() + RESEND_COOLDOWN_MS);
  return next.getTime() > now.getTime() ? next : null;
}

export interface ResendOptions {
  /** Admins only: the user must redeem again, possibly with another account (needs User.ReadWrite.All). */
  resetRedemption?: boolean;
}

export interface ResendOutcome {
  invitationId: string;
  /** When the next resend is allowed (ISO 8601). */
  nextResendAt: string;
  /** The fresh redeem link (copyable when no mail arrives). */
  inviteRedeemUrl?: string;
}

export interface CheckNowOutcome {
  invitationId: string;
  status: InvitationStatusName;
  externalUserState?: string;
  /** When Microsoft says the state last changed (ISO 8601), if it says. */
  externalUserStateChangedAt?: string;
  /** true when this check changed the status. */
  changed: boolean;
}

export interface RevokeOutcome {
  invitationId: string;
  /** false when the guest was already gone from the tenant. */
  guestDeleted: boolean;
  grantRevoked: boolean;
}

// ---------------------------------------------------------------------------------------------
// Live updates (PostgreSQL LISTEN/NOTIFY)
// ---------------------------------------------------------------------------------------------

/** NOTIFY channel: payload JSON InvitationChangedNotice, sent on commit of every status change. */
export const INVITATION_CHANGED_CHANNEL = "invitation_changed";
export interface InvitationChangedNotice {
  id: string;
  status: InvitationStatusName;
  bulkRunId?: string;
}

/** NOTIFY channel: payload JSON { runId }, sent when a bulk run's counters or status change. */
export const BULK_RUN_CHANGED_CHANNEL = "bulk_invite_run_changed";
export interface BulkRunChangedNotice {
  runId: string;
}
