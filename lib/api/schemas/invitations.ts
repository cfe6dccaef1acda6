import "server-only";
import { z } from "zod";
import { INVITATION_MAIL_MODES } from "@/lib/shared/invitation-mail";
import { cursorParam, emailFilter, pageSchema, statusFilter, pageLimit } from "./common";

export const INVITATION_STATUSES = [
  "Queued",
  "Sending",
  "PendingAcceptance",
  "Accepted",
  "Consented",
  "Failed",
  "ConsentExpired",
  "Revoked",
] as const;

export const invitationSchema = z
  .object({
    id: z.string(),
    kind: z.enum(["guest_invitation", "consent_link"]).meta({
      description:
        "guest_invitation: a Microsoft B2B invitation (a guest account in the company's tenant). consent_link: connected by a consent link alone, with no guest account; it starts Accepted.",
    }),
    email: z.string().meta({ description: "The invited address, lower-cased." }),
    displayName: z.string().nullable(),
    userType: z.enum(["Guest", "Member"]),
    status: z.enum(INVITATION_STATUSES),
    guestUserId: z
      .string()
      .nullable()
      .meta({ description: "The guest's object id in the company's tenant, once Microsoft created it." }),
    failure: z
      .object({ code: z.string(), message: z.string().nullable() })
      .nullable()
      .meta({ description: "Why sending failed, when it did." }),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: "Invitation" });

export type ApiInvitation = z.output<typeof invitationSchema>;

export const invitationListQuery = z.object({
  email: emailFilter("Only the invitation of this address (exact, any case)."),
  status: statusFilter(INVITATION_STATUSES),
  limit: pageLimit,
  cursor: cursorParam,
});

export const invitationListSchema = pageSchema(invitationSchema, "InvitationList");

/** Typed for the document; the invite form's own validation (lib/shared/invitation-validation.ts) then checks it. */
export const invitationRequestSchema = z
  .object({
    email: z.string().max(320).meta({ description: "The address to invite." }),
    displayName: z.string().max(256).optional(),
    userType: z.enum(["Guest", "Member"]).optional().meta({ description: "Guest (default) or Member." }),
    sendInvitationMessage: z
      .boolean()
      .optional()
      .meta({ description: "Mail the invitation (default true); false: only the redeem link is made." }),
    customMessage: z.string().max(2000).optional().meta({ description: "Plain text added to the invitation mail." }),
    ccRecipients: z.array(z.string().max(320)).max(1).optional().meta({ description: "At most one cc address." }),
    messageLanguage: z.string().max(35).optional().meta({ description: "The mail's language, e.g. en-US." }),
    mailMode: z
      .enum(INVITATION_MAIL_MODES)
      .optional()
      .meta({ description: "Who mails it: microsoft or guestpass; absent: the deployment's setting." }),
  })
  .meta({ id: "InvitationRequest" });

export const resendSchema = z
  .object({
    invitation: invitationSchema,
    nextResendAt: z.iso.datetime().meta({ description: "When the invitation may be resent again." }),
  })
  .meta({ id: "Resend" });
