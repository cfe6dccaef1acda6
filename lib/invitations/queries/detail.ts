import "server-only";
// Read of one invitation for its detail page: current state, last error explained through the
// catalogue, and the timeline of events with who caused each.
import { prisma } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import type { GrantStatus, InvitationStatus } from "@/lib/db/generated/enums";
import { allCatalogueEntries, type CatalogueEntry } from "@/lib/errors/catalogue";
import { explainConsentFailure, explainUnfinishedConsent } from "@/lib/consent/outcome-explanations";
import { explainMicrosoftError, type ExplainedError } from "@/lib/errors/explain";
import { mailboxBlocker, type MailboxBlocker } from "@/lib/shared/redemption";

// ---------------------------------------------------------------------------------------------

export interface TimelineEvent {
  id: string;
  type: string;
  fromStatus: InvitationStatus | null;
  toStatus: InvitationStatus | null;
  actorType: "Staff" | "Worker" | "InvitedUser" | "System" | "ApiKey";
  /** "Ada Admin (ada@contoso.com)" for staff; "Background worker", "The invited user", "Guestpass". */
  actorLabel: string;
  detail: Prisma.JsonValue | null;
  /** Microsoft's error in this event, explained through the catalogue, when the event carries one. */
  error: ExplainedError | null;
  createdAt: Date;
}

export interface InvitationDetail {
  invitation: {
    id: string;
    email: string;
    displayName: string | null;
    /** A guest invitation, or a person connected by consent link alone (no guest account). */
    kind: "guest_invitation" | "consent_link";
    userType: "Guest" | "Member";
    status: InvitationStatus;
    graphUserId: string | null;
    inviteRedeemUrl: string | null;
    externalUserState: string | null;
    externalUserStateChangedAt: Date | null;
    /** Why the person cannot grant mailbox access, from how they redeemed (null: nothing known stands in the way). */
    mailboxBlocker: MailboxBlocker | null;
    sendInvitationMessage: boolean;
    /** Who mails it: Microsoft's standard mail, or Guestpass's own from the sender mailbox. */
    mailMode: "microsoft" | "guestpass";
    /** Guestpass's own mail: when it was sent (null: not sent, or Microsoft's mail). */
    invitationMailSentAt: Date | null;
    messageInfo: Prisma.JsonValue | null;
    lastResentAt: Date | null;
    lastSyncedAt: Date | null;
    createdAt: Date;
    updatedAt: Date;
    createdBy: { name: string | null; email: string } | null;
    bulkRunId: string | null;
  };
  /** The last error from Microsoft, explained (meaning, fix, request id); null when none. */
  lastError: ExplainedError | null;
  grant: {
    id: string;
    status: GrantStatus;
    consentedAt: Date;
    failureCode: string | null;
    suspendedAt: Date | null;
    erasedAt: Date | null;
    username: string;
  } | null;
  timeline: TimelineEvent[];
  /** The latest consent attempt when it did not end in a grant (failed, or never came back); null otherwise. */
  consent: ConsentAttemptSummary | null;
}

export interface ConsentAttemptSummary {
  outcome: "failed" | "unfinished";
  startedAt: Date;
  /** The failure code stored by the consent callback ("declined", "AADSTS90094", …); null when unfinished. */
  code: string | null;
  explanation: ExplainedError;
}

function fromEntry(
  entry: CatalogueEntry,
  code: string | null,
  requestId: string | null,
  timestamp: string | null,
): ExplainedError {
  return {
    code: code ?? entry.key,
    catalogueKey: entry.key,
    known: true,
    title: entry.title,
    meaning: entry.meaning,
    fix: entry.fix,
    invitedUserMessage: entry.invitedUserMessage ?? "",
    audience: entry.audience,
    transient: entry.transient,
    source: "graph",
    requestId: requestId ?? undefined,
    timestamp: timestamp ?? undefined,
  };
}

/**
 * Rebuilds the explanation of a stored error. The invitation service stores the catalogue's
 * *title* beside the code (it explained the full Graph response when it happened, which a bare
 * code cannot repeat: "Authorization_RequestDenied" covers both a missing permission and
 * "invitations are turned off"), so the title finds the entry first; a raw Microsoft message
 * (older rows, other writers) goes through the catalogue's own matching.
 */
export function explainStoredError(
  code: string | null,
  message: string | null,
  requestId: string | null,
  timestamp: string | null = null,
): ExplainedError | null {
  if (!code && !message) return null;
  const byTitle = message ? allCatalogueEntries().find((entry) => entry.title === message) : undefined;
  if (byTitle) return fromEntry(byTitle, code, requestId, timestamp);
  const shape =
    code && /^AADSTS\d+$/.test(code)
      ? { errorCode: code, errorMessage: message ?? undefined, requestId: requestId ?? undefined }
      : { code: code ?? undefined, message: message ?? undefined, requestId: requestId ?? undefined };
  return explainMicrosoftError(shape);
}

const text = (value: Prisma.JsonValue | undefined): string | null =>
  typeof value === "string" && value !== "" ? value : null;

/** The Microsoft error an event records: `{ code, title, requestId }` (service), or a raw error body. */
function errorInEventDetail(type: string, detail: Prisma.JsonValue | null): ExplainedError | null {
  if (!detail || typeof detail !== "object" || Array.isArray(detail)) return null;
  const bag = detail as Record<string, Prisma.JsonValue>;
  const raw = bag.error ?? bag.microsoftError;
  if (raw !== undefined && raw !== null) return explainMicrosoftError(raw);
  // The consent callback's outcomes ("declined", "wrong_account", AADSTS…) have their own explanations.
  if (type.startsWith("consent_") && type !== "consent_expired") {
    const code = text(bag.code);
    return code ? explainConsentFailure(code) : null;
  }
  if (!/fail|error|denied|deferred|expired/i.test(type)) return null;
  const code = text(bag.code) ?? text(bag.errorCode);
  const message = text(bag.title) ?? text(bag.errorMessage) ?? text(bag.reason);
  return code || message ? explainStoredError(code, message, text(bag.requestId), text(bag.timestamp)) : null;
}

/** The latest attempt explained, unless it (or a later consent) ended in a grant. */
async function latestConsentAttempt(
  invitationId: string,
  consentedAt: Date | null,
  now = new Date(),
): Promise<ConsentAttemptSummary | null> {
  const attempt = await prisma.consentAttempt.findFirst({
    where: { invitationId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { createdAt: true, usedAt: true, expiresAt: true, failureCode: true },
  });
  if (!attempt || (consentedAt && consentedAt >= attempt.createdAt)) return null;
  if (attempt.failureCode) {
    return {
      outcome: "failed",
      startedAt: attempt.createdAt,
      code: attempt.failureCode,
      explanation: explainConsentFailure(attempt.failureCode),
    };
  }
  if (attempt.usedAt) return null; // came back and succeeded
  return {
    outcome: "unfinished",
    startedAt: attempt.createdAt,
    code: null,
    explanation: explainUnfinishedConsent(attempt.expiresAt > now),
  };
}

const ACTOR_LABELS = {
  Worker: "Background worker",
  InvitedUser: "The invited user",
  System: "Guestpass",
  ApiKey: "Your product, through the API",
} as const;

export async function getInvitationDetail(id: string): Promise<InvitationDetail | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const row = await prisma.invitation.findUnique({
    where: { id },
    include: {
      createdBy: { select: { name: true, email: true } },
      grant: {
        select: {
          id: true,
          status: true,
          consentedAt: true,
          failureCode: true,
          suspendedAt: true,
          erasedAt: true,
          username: true,
        },
      },
      events: { orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 500 },
    },
  });
  if (!row) return null;
  const staffIds = [
    ...new Set(row.events.filter((e) => e.actorType === "Staff" && e.actorId).map((e) => e.actorId as string)),
  ];
  const staff =
    staffIds.length > 0
      ? await prisma.user.findMany({ where: { id: { in: staffIds } }, select: { id: true, name: true, email: true } })
      : [];
  const staffById = new Map(staff.map((s) => [s.id, s]));
  const timeline: TimelineEvent[] = row.events.map((event) => {
    const person = event.actorId ? staffById.get(event.actorId) : undefined;
    const actorLabel =
      event.actorType === "Staff"
        ? person
          ? person.name
            ? `${person.name} (${person.email})`
            : person.email
          : "Staff member"
        : ACTOR_LABELS[event.actorType];
    return {
      id: event.id,
      type: event.type,
      fromStatus: event.fromStatus,
      toStatus: event.toStatus,
      actorType: event.actorType,
      actorLabel,
      detail: event.detail,
      error: errorInEventDetail(event.type, event.detail),
      createdAt: event.createdAt,
    };
  });
  const { events: _events, grant, createdBy, lastErrorCode, lastErrorMessage, lastErrorRequestId, ...rest } = row;
  return {
    invitation: {
      id: rest.id,
      email: rest.email,
      displayName: rest.displayName,
      kind: rest.kind,
      userType: rest.userType,
      status: rest.status,
      graphUserId: rest.graphUserId,
      inviteRedeemUrl: rest.inviteRedeemUrl,
      externalUserState: rest.externalUserState,
      externalUserStateChangedAt: rest.externalUserStateChangedAt,
      mailboxBlocker: mailboxBlocker(rest.redeemedWith),
      sendInvitationMessage: rest.sendInvitationMessage,
      mailMode: rest.mailMode,
      invitationMailSentAt: rest.invitationMailSentAt,
      messageInfo: rest.messageInfo,
      lastResentAt: rest.lastResentAt,
      lastSyncedAt: rest.lastSyncedAt,
      createdAt: rest.createdAt,
      updatedAt: rest.updatedAt,
      createdBy,
      bulkRunId: rest.bulkRunId,
    },
    lastError: explainStoredError(lastErrorCode, lastErrorMessage, lastErrorRequestId),
    grant,
    timeline,
    consent: await latestConsentAttempt(row.id, grant?.consentedAt ?? null),
  };
}
