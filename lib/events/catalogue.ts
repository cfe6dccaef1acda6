import "server-only";
// The event catalogue: each type's `data` schema (the API's resource schemas, so a receiver parses
// an event with the same types as an API answer) and what it is about. The OpenAPI document lists
// them under `webhooks` (lib/api/openapi.ts), and the outbox validates every event against it.
import { z } from "zod";
import {
  adminConsentRequiredSchema,
  bulkRunSchema,
  registrationCheckSchema,
  webhookTestSchema,
} from "@/lib/api/schemas/events";
import { grantSchema } from "@/lib/api/schemas/grants";
import { invitationSchema } from "@/lib/api/schemas/invitations";
import { messageSchema } from "@/lib/api/schemas/messages";
import { ERASURE_REASONS } from "@/lib/shared/grants";
import { WEBHOOK_EVENT_LABELS, WEBHOOK_TEST_EVENT_TYPE, type WebhookEventType } from "@/lib/shared/webhook-events";

export const RECONSENT_REASONS = ["expired_by_inactivity", "revoked", "policy_changed", "other"] as const;

const needsReconsentSchema = grantSchema
  .extend({
    reconsentReason: z.enum(RECONSENT_REASONS).meta({
      description:
        "Why: the refresh token expired unused (expired_by_inactivity), the consent or the user's tokens were revoked by the user, an admin or a password reset (revoked), an MFA or Conditional Access policy or an expired password needs a new sign-in (policy_changed), or other.",
    }),
  })
  .meta({ id: "GrantNeedsReconsent" });

const erasedSchema = grantSchema
  .extend({
    erasureReason: z.enum(ERASURE_REASONS).meta({
      description:
        "Why: on request by staff (staff_request), the API (api_request) or the user on their disconnect page (user_request); or offboarding, when the status sync found the guest deleted (guest_deleted) or disabled (guest_disabled) in the tenant, or its invitation revoked (invitation_revoked).",
    }),
  })
  .meta({ id: "GrantErasedEvent" });

interface EventDefinition {
  subjectType: "invitation" | "grant" | "message" | "bulk_run" | "registration" | "webhook_endpoint";
  data: z.ZodType;
}

export const EVENT_CATALOGUE: Record<WebhookEventType, EventDefinition> = {
  "invitation.created": { subjectType: "invitation", data: invitationSchema },
  "invitation.sent": { subjectType: "invitation", data: invitationSchema },
  "invitation.failed": { subjectType: "invitation", data: invitationSchema },
  "invitation.redeemed": { subjectType: "invitation", data: invitationSchema },
  "invitation.revoked": { subjectType: "invitation", data: invitationSchema },
  "grant.consented": { subjectType: "grant", data: grantSchema },
  "grant.admin_consent_required": { subjectType: "invitation", data: adminConsentRequiredSchema },
  "grant.needs_reconsent": { subjectType: "grant", data: needsReconsentSchema },
  "grant.recovered": { subjectType: "grant", data: grantSchema },
  "grant.erased": { subjectType: "grant", data: erasedSchema },
  "message.sent": { subjectType: "message", data: messageSchema },
  "message.failed": { subjectType: "message", data: messageSchema },
  "bulk_run.finished": { subjectType: "bulk_run", data: bulkRunSchema },
  "registration.check_failed": { subjectType: "registration", data: registrationCheckSchema },
  "registration.secret_expiring": { subjectType: "registration", data: registrationCheckSchema },
};

export type EventData<Type extends WebhookEventType> = z.input<(typeof EVENT_CATALOGUE)[Type]["data"]>;

/** The body every delivery carries (Standard Webhooks' recommended shape). */
export function envelopeSchema(type: string, data: z.ZodType, description: string) {
  return z
    .object({
      type: z.literal(type),
      timestamp: z.iso.datetime().meta({ description: "When the change happened." }),
      data,
    })
    .meta({ description });
}

export const EVENT_ENVELOPES = {
  ...Object.fromEntries(
    (Object.entries(EVENT_CATALOGUE) as [WebhookEventType, EventDefinition][]).map(([type, definition]) => [
      type,
      envelopeSchema(type, definition.data, WEBHOOK_EVENT_LABELS[type]),
    ]),
  ),
  [WEBHOOK_TEST_EVENT_TYPE]: envelopeSchema(
    WEBHOOK_TEST_EVENT_TYPE,
    webhookTestSchema,
    "A test event an administrator sent from Settings → Webhooks.",
  ),
} as Record<string, ReturnType<typeof envelopeSchema>>;
