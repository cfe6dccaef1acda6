// The event types the company's product can subscribe to, with the words Settings shows for them.
// Client-safe: the payload schemas live in lib/events/catalogue.ts, typed against this list, so a
// new type without its schema or its words does not compile.

export const WEBHOOK_EVENT_TYPES = [
  "invitation.created",
  "invitation.sent",
  "invitation.failed",
  "invitation.redeemed",
  "invitation.revoked",
  "grant.consented",
  "grant.admin_consent_required",
  "grant.needs_reconsent",
  "grant.recovered",
  "grant.erased",
  "message.sent",
  "message.failed",
  "bulk_run.finished",
  "registration.check_failed",
  "registration.secret_expiring",
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Sent only by "Send a test event": never produced by a state change. */
export const WEBHOOK_TEST_EVENT_TYPE = "webhook.test" as const;

export const WEBHOOK_EVENT_LABELS: Record<WebhookEventType, string> = {
  "invitation.created": "An invitation was created",
  "invitation.sent": "Microsoft sent the invitation",
  "invitation.failed": "The invitation could not be sent",
  "invitation.redeemed": "The person accepted the invitation",
  "invitation.revoked": "The invitation was revoked",
  "grant.consented": "The person consented: the grant is usable",
  "grant.admin_consent_required": "The person's organisation requires an administrator's approval",
  "grant.needs_reconsent": "The grant stopped working and needs a new consent",
  "grant.recovered": "The person consented again: the same grant works again",
  "grant.erased": "The grant's tokens were erased",
  "message.sent": "A message sent through the API left",
  "message.failed": "A message sent through the API failed",
  "bulk_run.finished": "A bulk invite finished",
  "registration.check_failed": "The app registration check failed",
  "registration.secret_expiring": "The app's credential ends within 30 days",
};

export function isWebhookEventType(value: string): value is WebhookEventType {
  return (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);
}
