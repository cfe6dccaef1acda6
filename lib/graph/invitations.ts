import "server-only";
import type { GraphClient } from "./client";
import { AmbiguousWriteError } from "./errors";
import { findUserByEmail, type DirectoryUser } from "./users";

/** Graph's invitedUserMessageInfo. */
export interface InvitationMessageInfo {
  customizedMessageBody?: string;
  messageLanguage?: string;
  ccRecipients?: { emailAddress: { address: string; name?: string } }[];
}

/** Body of POST /invitations, in Graph's names. */
export interface CreateInvitationRequest {
  invitedUserEmailAddress: string;
  inviteRedirectUrl: string;
  invitedUserDisplayName?: string;
  invitedUserType?: "Guest" | "Member";
  sendInvitationMessage?: boolean;
  invitedUserMessageInfo?: InvitationMessageInfo;
  /** Re-invite an existing guest so they can redeem with another account (needs User.ReadWrite.All). */
  resetRedemption?: boolean;
  /** Required with resetRedemption: the existing user. */
  invitedUser?: { id: string };
}

export type InvitationStatus = "PendingAcceptance" | "Completed" | "InProgress" | "Error";

/** What Graph answers; keep inviteRedeemUrl (copyable link) and invitedUser.id. */
export interface GraphInvitation {
  id: string;
  inviteRedeemUrl: string;
  inviteRedirectUrl: string;
  invitedUserEmailAddress: string;
  invitedUserDisplayName?: string | null;
  invitedUserType?: string | null;
  sendInvitationMessage?: boolean;
  status: InvitationStatus | string;
  invitedUser?: { id: string } | null;
  resetRedemption?: boolean;
}

/**
 * Creates (or re-sends) an invitation. Not retried on an unknown outcome: a 5xx, reset or
 * timeout raises AmbiguousWriteError, and the caller must look the user up (findUserByEmail)
 * before posting again. A 429 is retried after Retry-After (Graph did not process it).
 */
export async function createInvitation(graph: GraphClient, input: CreateInvitationRequest): Promise<GraphInvitation> {
  const response = await graph.request<GraphInvitation>("POST", "/invitations", { body: input, idempotent: false });
  return response.body;
}

export type NewGuestInviteOutcome =
  | { kind: "invited"; invitation: GraphInvitation }
  /** An earlier ambiguous POST did take effect: the user exists; nothing was posted again. */
  | { kind: "reconciled"; user: DirectoryUser; ambiguous: AmbiguousWriteError };

/**
 * Invites an address that was NOT in the tenant before (the caller looked it up), reconciling
 * ambiguous failures: after a 5xx/reset/timeout it waits `settleMs` (directory writes take a
 * moment to become readable), looks the address up, and only posts again when nobody is there —
 * so no one gets two invitation mails. Resends of existing users cannot be reconciled this way
 * (the user exists either way): use createInvitation and handle AmbiguousWriteError there.
 */
export async function inviteNewGuest(
  graph: GraphClient,
  request: CreateInvitationRequest,
  options: { maxPosts?: number; settleMs?: number } = {},
): Promise<NewGuestInviteOutcome> {
  const maxPosts = options.maxPosts ?? 3;
  for (let post = 1; ; post++) {
    try {
      return { kind: "invited", invitation: await createInvitation(graph, request) };
    } catch (error) {
      if (!(error instanceof AmbiguousWriteError)) throw error;
      await graph.sleep(options.settleMs ?? 3000);
      const user = await findUserByEmail(graph, request.invitedUserEmailAddress);
      if (user) return { kind: "reconciled", user, ambiguous: error };
      if (post >= maxPosts) throw error;
    }
  }
}
