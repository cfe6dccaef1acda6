// Consent links: what support sends to an invited user (and what the page accepts). The token is
// 256 random bits that exist only in the link; the database keeps its SHA-256, an expiry and when it
// was spent. The landing page Microsoft redirects to after redemption (/consent/i/{invitationId}) is
// the other way in; it works until the invitation's first grant exists.
import { prisma } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { getEnv } from "@/lib/env";
import { looksLikeSecret, randomSecret, sha256Hex } from "./secrets";

type Db = Prisma.TransactionClient;

export const CONSENT_LINK_LIFETIME_DAYS = 30;

export interface IssuedConsentLink {
  consentRequestId: string;
  url: string;
  expiresAt: Date;
}

export function consentLinkUrl(token: string): string {
  return `${getEnv().APP_URL}/consent/${token}`;
}

/** A fresh link for the invitation. Earlier unspent links stay valid until they expire. */
export async function issueConsentLink(
  invitationId: string,
  options: { createdById?: string | null; now?: Date; lifetimeDays?: number } = {},
  db: Db = prisma,
): Promise<IssuedConsentLink> {
  const token = randomSecret();
  const now = options.now ?? new Date();
  const expiresAt = new Date(now.getTime() + (options.lifetimeDays ?? CONSENT_LINK_LIFETIME_DAYS) * 86_400_000);
  const request = await db.consentRequest.create({
    data: { invitationId, tokenHash: sha256Hex(token), expiresAt, createdById: options.createdById ?? null },
    select: { id: true },
  });
  await db.invitationEvent.create({
    data: {
      invitationId,
      type: "consent_link_created",
      actorType: options.createdById ? "Staff" : "System",
      actorId: options.createdById ?? null,
      detail: { consentRequestId: request.id, expiresAt: expiresAt.toISOString() },
    },
  });
  return { consentRequestId: request.id, url: consentLinkUrl(token), expiresAt };
}

export interface ConsentInvitee {
  invitationId: string;
  email: string;
  displayName: string | null;
}

/** Where a visitor of a consent URL stands. Only "ready" lets them start. */
export type ConsentEntry =
  | { kind: "ready"; invitee: ConsentInvitee; consentRequestId: string | null; renewing: boolean }
  | { kind: "unknown" }
  | { kind: "expired"; invitee: ConsentInvitee }
  | { kind: "spent"; invitee: ConsentInvitee }
  | { kind: "revoked"; invitee: ConsentInvitee }
  /** The redemption landing page after a grant already exists: a consent link is needed to renew. */
  | { kind: "already_consented"; invitee: ConsentInvitee };

/** How the visitor arrived: a consent link token, or the redemption landing page of an invitation. */
export type ConsentEntryKey = { token: string } | { invitationId: string };

const inviteeOf = (invitation: { id: string; email: string; displayName: string | null }): ConsentInvitee => ({
  invitationId: invitation.id,
  email: invitation.email,
  displayName: invitation.displayName,
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function resolveConsentEntry(key: ConsentEntryKey, now: Date = new Date(), db: Db = prisma): Promise<ConsentEntry> {
  const invitationSelect = { id: true, email: true, displayName: true, status: true, grant: { select: { status: true } } } as const;
  if ("token" in key) {
    if (!looksLikeSecret(key.token)) return { kind: "unknown" };
    const request = await db.consentRequest.findUnique({
      where: { tokenHash: sha256Hex(key.token) },
      select: { id: true, expiresAt: true, spentAt: true, invitation: { select: invitationSelect } },
    });
    if (!request) return { kind: "unknown" };
    const invitee = inviteeOf(request.invitation);
    if (request.invitation.status === "Revoked") return { kind: "revoked", invitee };
    if (request.spentAt) return { kind: "spent", invitee };
    if (request.expiresAt <= now) return { kind: "expired", invitee };
    return { kind: "ready", invitee, consentRequestId: request.id, renewing: request.invitation.grant !== null };
  }
  if (!UUID.test(key.invitationId)) return { kind: "unknown" };
  const invitation = await db.invitation.findUnique({ where: { id: key.invitationId }, select: invitationSelect });
  if (!invitation) return { kind: "unknown" };
  const invitee = inviteeOf(invitation);
  if (invitation.status === "Revoked") return { kind: "revoked", invitee };
  if (invitation.grant !== null) return { kind: "already_consented", invitee };
  return { kind: "ready", invitee, consentRequestId: null, renewing: false };
}
