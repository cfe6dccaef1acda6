/**
 * What the consent and grant staff actions return (server actions in
 * app/(admin)/invitations/[id]/consent-actions.ts). Types only: safe in a browser bundle.
 */

/** A fresh consent link, shown once for staff to copy and send; Guestpass stores only its hash. */
export interface ConsentLinkIssued {
  url: string;
  /** ISO 8601. */
  expiresAt: string;
}

/** Microsoft accepted the test mail (202). Delivery happens later; see deliveryNote. */
export interface TestMailSent {
  /** ISO 8601. */
  sentAt: string;
  from: string;
  to: string;
  /** Bounces arrive later in the user's own mailbox, not here: what to look for. */
  deliveryNote: string;
}

/** Form field names of the test-mail form; `to` is "user" or "staff" (TEST_MAIL_RECIPIENTS), never an address. */
export const TEST_MAIL_FIELDS = { invitationId: "invitationId", to: "to" } as const;

/** A grant after an administrator suspended, resumed or erased it. */
export interface GrantSwitched {
  grantId: string;
  status: "Active" | "Suspended" | "Erased";
}

/** A consent link withdrawn by staff before it was used. */
export interface ConsentLinkRevoked {
  consentRequestId: string;
  invitationId: string;
}

/** The consent link that still works for an invitation (at most one: a new link retires the older). */
export interface LiveConsentLink {
  consentRequestId: string;
  /** ISO 8601. */
  createdAt: string;
  /** ISO 8601. */
  expiresAt: string;
}

/**
 * Why a grant's tokens were erased, kept on its tombstone and sent with `grant.erased`: on request
 * (by staff, the REST API, or the person on their disconnect page), or by offboarding when the
 * status sync finds the guest deleted or disabled in the directory, or its invitation revoked.
 */
export const ERASURE_REASONS = [
  "staff_request",
  "api_request",
  "user_request",
  "guest_deleted",
  "guest_disabled",
  "invitation_revoked",
] as const;
export type ErasureReason = (typeof ERASURE_REASONS)[number];
export const isErasureReason = (value: string | null): value is ErasureReason =>
  (ERASURE_REASONS as readonly (string | null)[]).includes(value);

/** Each erasure reason in words (the grant's statusReason). */
export const ERASURE_REASON_WORDS: Record<ErasureReason, string> = {
  staff_request: "An administrator erased this user's tokens: they must connect again through a new consent link.",
  api_request: "The company's product erased this user's tokens through the API: they must connect again.",
  user_request: "The user disconnected Guestpass and their tokens were erased: they must connect again to use it.",
  guest_deleted: "The guest account was deleted from the tenant, so its tokens were erased.",
  guest_disabled: "The guest account was disabled in the tenant, so its tokens were erased.",
  invitation_revoked: "This user's invitation was revoked and their tokens erased.",
};

/** Why a grant that is not Active cannot be used, in words for the company's developers and staff. */
export const NOT_ACTIVE_REASONS: Record<string, string> = {
  NeedsRenewal: "This user's consent has expired: send them a fresh consent link.",
  Suspended:
    "An administrator suspended mail as this user: nothing is sent or refreshed until an administrator resumes it.",
  Erased: "An administrator erased this user's tokens: they must connect again through a new consent link.",
  Revoked: "This user's invitation was revoked and their tokens erased.",
};
