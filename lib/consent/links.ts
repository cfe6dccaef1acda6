import "server-only";
// Consent links: what support sends to an invited user (and what the page accepts). The token is
// 256 random bits that exist only in the link; the database keeps its SHA-256, an expiry, when it
// was spent and when it was withdrawn. One link works at a time: issuing a new one retires the
// older ones ("replaced"), and staff can withdraw one ("revoked"). The landing page Microsoft
// redirects to after redemption (/consent/i/{invitationId}) is the other way in; it works only while
// the invitation awaits its first consent (sent, not revoked, no grant yet) and for
// INVITATION_LANDING_LIFETIME_DAYS after the invitation was last sent, and never for a person
// connected by consent link alone (there is no redemption to land from).
import { prisma } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { getEnv } from "@/lib/env";
import { recordInvitationEvent, type EventActor } from "@/lib/invitations/lifecycle";
import { looksLikeSecret, randomSecret, sha256Hex } from "./secrets";

type Db = Prisma.TransactionClient;

/** A link holds the way to someone's mailbox: a week is enough to open an email. */
export const CONSENT_LINK_LIFETIME_DAYS = 7;
/** Redemption can come weeks after the invitation mail; resending the invitation restarts this. */
export const INVITATION_LANDING_LIFETIME_DAYS = 30;
/** The invitation states in which the landing page may start a consent. */
const AWAITING_CONSENT = new Set(["PendingAcceptance", "Accepted"]);

export interface IssuedConsentLink {
  consentRequestId: string;
  url: string;
  expiresAt: Date;
}

export function consentLinkUrl(token: string): string {
  return `${getEnv().APP_URL}/consent/${token}`;
}

/** A fresh link for the invitation; earlier unspent links stop working ("this link was replaced"). */
export async function issueConsentLink(
  invitationId: string,
  options: { createdById?: string | null; now?: Date; lifetimeDays?: number; actor?: EventActor } = {},
  db: Db = prisma,
): Promise<IssuedConsentLink> {
  const token = randomSecret();
  const now = options.now ?? new Date();
  const expiresAt = new Date(now.getTime() + (options.lifetimeDays ?? CONSENT_LINK_LIFETIME_DAYS) * 86_400_000);
  const retired = await db.consentRequest.updateMany({
    where: { invitationId, spentAt: null, revokedAt: null, expiresAt: { gt: now } },
    data: { revokedAt: now, revokedReason: "replaced" },
  });
  const request = await db.consentRequest.create({
    data: { invitationId, tokenHash: sha256Hex(token), expiresAt, createdById: options.createdById ?? null },
    select: { id: true },
  });
  await recordInvitationEvent(
    {
      invitationId,
      event: "consent_link_created",
      actor: options.actor ?? {
        actorType: options.createdById ? "Staff" : "System",
        actorId: options.createdById ?? null,
      },
      detail: { consentRequestId: request.id, expiresAt: expiresAt.toISOString(), linksReplaced: retired.count },
    },
    db,
  );
  return { consentRequestId: request.id, url: consentLinkUrl(token), expiresAt };
}

export interface ConsentInvitee {
  invitationId: string;
  email: string;
  displayName: string | null;
  /** The language staff chose for the invitation (its messageLanguage), if any. */
  language: string | null;
}

/** Where a visitor of a consent URL stands. Only "ready" lets them start. */
export type ConsentEntry =
  | { kind: "ready"; invitee: ConsentInvitee; consentRequestId: string | null; renewing: boolean }
  | { kind: "unknown" }
  | { kind: "expired"; invitee: ConsentInvitee }
  | { kind: "spent"; invitee: ConsentInvitee }
  /** The invitation was revoked. */
  | { kind: "revoked"; invitee: ConsentInvitee }
  /** A newer consent link was issued for the invitation. */
  | { kind: "replaced"; invitee: ConsentInvitee }
  /** Staff withdrew this consent link. */
  | { kind: "withdrawn"; invitee: ConsentInvitee }
  /** The redemption landing page after a grant already exists: a consent link is needed to renew. */
  | { kind: "already_consented"; invitee: ConsentInvitee }
  /** The redemption landing page when the invitation does not await consent (not sent, tokens erased …). */
  | { kind: "landing_closed"; invitee: ConsentInvitee };

/** How the visitor arrived: a consent link token, or the redemption landing page of an invitation. */
export type ConsentEntryKey = { token: string } | { invitationId: string };

const inviteeOf = (invitation: {
  id: string;
  email: string;
  displayName: string | null;
  messageInfo: Prisma.JsonValue;
}): ConsentInvitee => ({
  invitationId: invitation.id,
  email: invitation.email,
  displayName: invitation.displayName,
  language: invitationLanguage(invitation.messageInfo),
});

/** The messageLanguage kept in an invitation's messageInfo, or null. */
export function invitationLanguage(messageInfo: Prisma.JsonValue): string | null {
  if (!messageInfo || typeof messageInfo !== "object" || Array.isArray(messageInfo)) return null;
  const language = (messageInfo as Record<string, unknown>).messageLanguage;
  return typeof language === "string" && language ? language : null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function resolveConsentEntry(
  key: ConsentEntryKey,
  now: Date = new Date(),
  db: Db = prisma,
): Promise<ConsentEntry> {
  const invitationSelect = {
    id: true,
    email: true,
    displayName: true,
    messageInfo: true,
    status: true,
    createdAt: true,
    lastResentAt: true,
    kind: true,
    grant: { select: { status: true } },
  } as const;
  if ("token" in key) {
    if (!looksLikeSecret(key.token)) return { kind: "unknown" };
    const request = await db.consentRequest.findUnique({
      where: { tokenHash: sha256Hex(key.token) },
      select: {
        id: true,
        expiresAt: true,
        spentAt: true,
        revokedAt: true,
        revokedReason: true,
        invitation: { select: invitationSelect },
      },
    });
    if (!request) return { kind: "unknown" };
    const invitee = inviteeOf(request.invitation);
    if (request.invitation.status === "Revoked") return { kind: "revoked", invitee };
    if (request.spentAt) return { kind: "spent", invitee };
    if (request.revokedAt) return { kind: request.revokedReason === "replaced" ? "replaced" : "withdrawn", invitee };
    if (request.expiresAt <= now) return { kind: "expired", invitee };
    return { kind: "ready", invitee, consentRequestId: request.id, renewing: request.invitation.grant !== null };
  }
  if (!UUID.test(key.invitationId)) return { kind: "unknown" };
  const invitation = await db.invitation.findUnique({ where: { id: key.invitationId }, select: invitationSelect });
  // A person connected by consent link has nothing to redeem: only their link leads to consent.
  if (!invitation || invitation.kind === "consent_link") return { kind: "unknown" };
  const invitee = inviteeOf(invitation);
  if (invitation.status === "Revoked") return { kind: "revoked", invitee };
  if (invitation.grant && (invitation.grant.status === "Active" || invitation.grant.status === "Suspended"))
    return { kind: "already_consented", invitee };
  if (invitation.grant || !AWAITING_CONSENT.has(invitation.status)) return { kind: "landing_closed", invitee };
  if (landingExpiresAt(invitation) <= now) return { kind: "expired", invitee };
  return { kind: "ready", invitee, consentRequestId: null, renewing: false };
}

/** The landing page of an invitation works for a while after the invitation was last sent. */
export function landingExpiresAt(invitation: { createdAt: Date; lastResentAt: Date | null }): Date {
  const sent = invitation.lastResentAt ?? invitation.createdAt;
  return new Date(sent.getTime() + INVITATION_LANDING_LIFETIME_DAYS * 86_400_000);
}

/** The consent link that still works for an invitation, if any (issuing a new one retires older ones). */
export async function findLiveConsentLink(invitationId: string, now: Date = new Date(), db: Db = prisma) {
  return db.consentRequest.findFirst({
    where: { invitationId, spentAt: null, revokedAt: null, expiresAt: { gt: now } },
    orderBy: { createdAt: "desc" },
    select: { id: true, createdAt: true, expiresAt: true },
  });
}

/**
 * Withdraws one unspent link. Returns its invitation, or null when it was already used, replaced or
 * withdrawn (nothing changed).
 */
export async function revokeConsentLink(
  consentRequestId: string,
  options: { revokedById: string; now?: Date },
  db: Db = prisma,
): Promise<{ invitationId: string } | null> {
  const now = options.now ?? new Date();
  const request = await db.consentRequest.findUnique({
    where: { id: consentRequestId },
    select: { invitationId: true },
  });
  if (!request) return null;
  const { count } = await db.consentRequest.updateMany({
    where: { id: consentRequestId, spentAt: null, revokedAt: null },
    data: { revokedAt: now, revokedReason: "revoked" },
  });
  if (count !== 1) return null;
  await recordInvitationEvent(
    {
      invitationId: request.invitationId,
      event: "consent_link_revoked",
      actor: { actorType: "Staff", actorId: options.revokedById },
      detail: { consentRequestId },
    },
    db,
  );
  return { invitationId: request.invitationId };
}
