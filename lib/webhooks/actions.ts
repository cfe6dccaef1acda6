import "server-only";
// Settings → Webhooks (administrators): add an endpoint (its secret shown once), turn it on or off,
// delete it, rotate its secret with an overlap, send it a test event, redeliver failed events.
// Staff action definitions: validated, authorized, done and audited the same way.
import { z } from "zod";
import { ActionError } from "@/lib/actions/action-error";
import { defineStaffAction, type Validation } from "@/lib/actions/staff-action";
import { canManageWebhooks } from "@/lib/auth/permissions";
import { prisma } from "@/lib/db/client";
import { fanOut, queueEndpointDelivery } from "@/lib/events/outbox";
import { WEBHOOK_EVENT_TYPES, WEBHOOK_TEST_EVENT_TYPE, type WebhookEventType } from "@/lib/shared/webhook-events";
import {
  SECRET_ROTATION_OVERLAP_HOURS,
  type WebhookEndpointChanged,
  type WebhookEndpointCreated,
  type WebhookRedelivered,
  type WebhookSecretRotated,
} from "@/lib/shared/webhooks";
import { policyFromEnv } from "./deliver";
import { refusalForDestination } from "./outbound";
import { newSigningSecret, sealSigningSecret } from "./secrets";

interface CreateEndpointInput {
  url: string;
  description: string | null;
  eventTypes: WebhookEventType[];
}

const createSchema = z.object({
  url: z
    .string()
    .trim()
    .min(1, "Give the URL your product receives events at.")
    .max(2000, "Keep the URL under 2,000 characters."),
  description: z.string().trim().max(200, "Keep the description under 200 characters.").optional(),
  eventTypes: z.array(z.enum(WEBHOOK_EVENT_TYPES, "That is not an event Guestpass sends.")),
});

function fieldErrorsOf(issues: readonly z.core.$ZodIssue[]): Record<string, string[]> {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of issues) (fieldErrors[String(issue.path[0] ?? "url")] ??= []).push(issue.message);
  return fieldErrors;
}

export async function validateCreateEndpoint(raw: unknown): Promise<Validation<CreateEndpointInput>> {
  const form = raw instanceof FormData ? raw : null;
  const candidate = form
    ? {
        url: form.get("url") ?? "",
        description: form.get("description") ?? undefined,
        eventTypes: form.getAll("eventTypes"),
      }
    : raw;
  const parsed = createSchema.safeParse(candidate);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error.issues) };
  const refusal = await refusalForDestination(parsed.data.url, policyFromEnv());
  if (refusal) return { ok: false, fieldErrors: { url: [refusal] } };
  return {
    ok: true,
    value: {
      url: parsed.data.url,
      description: parsed.data.description || null,
      eventTypes: [...new Set(parsed.data.eventTypes)],
    },
  };
}

export const createWebhookEndpointAction = defineStaffAction<CreateEndpointInput, WebhookEndpointCreated>({
  action: "webhook.create",
  allowed: canManageWebhooks,
  validate: validateCreateEndpoint,
  deniedMessage: "Only administrators can add webhook endpoints.",
  async run(input, context) {
    const id = crypto.randomUUID();
    const secret = newSigningSecret();
    const sealed = sealSigningSecret(id, secret);
    await prisma.webhookEndpoint.create({
      data: {
        id,
        url: input.url,
        description: input.description,
        eventTypes: input.eventTypes,
        secretCipher: sealed.cipher,
        secretKeyId: sealed.keyId,
        createdById: context.staff.userId,
      },
    });
    context.setAuditTarget({ type: "webhook_endpoint", id });
    context.addAuditDetail({ url: input.url, eventTypes: input.eventTypes.length ? input.eventTypes : "all" });
    return { id, url: input.url, secret };
  },
  successMessage: () => "Endpoint added: copy its signing secret now, it is not shown again.",
});

const endpointId = z.uuid();
const validateId = (raw: unknown): Validation<string> => {
  const parsed = endpointId.safeParse(raw);
  return parsed.success
    ? { ok: true, value: parsed.data.toLowerCase() }
    : { ok: false, message: "That webhook endpoint does not exist." };
};

async function findEndpoint(id: string) {
  const endpoint = await prisma.webhookEndpoint.findUnique({
    where: { id },
    select: { id: true, url: true, enabled: true, failingSince: true },
  });
  if (!endpoint) throw new ActionError("not_found", "That webhook endpoint does not exist.");
  return endpoint;
}

function switchAction(enabled: boolean) {
  return defineStaffAction<string, WebhookEndpointChanged>({
    action: enabled ? "webhook.enable" : "webhook.disable",
    allowed: canManageWebhooks,
    validate: validateId,
    deniedMessage: "Only administrators can turn webhook endpoints on or off.",
    target: (id) => ({ type: "webhook_endpoint", id }),
    async run(id, context) {
      const endpoint = await findEndpoint(id);
      await prisma.$transaction(async (tx) => {
        await tx.webhookEndpoint.update({ where: { id }, data: { enabled } });
        // Back on: whatever waited is delivered now, in order.
        if (enabled) await queueEndpointDelivery(tx, id);
      });
      context.addAuditDetail({ url: endpoint.url });
      return { id };
    },
    successMessage: () =>
      enabled
        ? "Endpoint on: events are delivered again, the ones that waited first."
        : "Endpoint off: new events are not recorded for it until you turn it on.",
  });
}

export const enableWebhookEndpointAction = switchAction(true);
export const disableWebhookEndpointAction = switchAction(false);

export const deleteWebhookEndpointAction = defineStaffAction<string, WebhookEndpointChanged>({
  action: "webhook.delete",
  allowed: canManageWebhooks,
  validate: validateId,
  deniedMessage: "Only administrators can delete webhook endpoints.",
  target: (id) => ({ type: "webhook_endpoint", id }),
  async run(id, context) {
    const endpoint = await findEndpoint(id);
    await prisma.webhookEndpoint.delete({ where: { id } });
    context.addAuditDetail({ url: endpoint.url });
    return { id };
  },
  successMessage: () => "Endpoint deleted with its delivery log.",
});

export const rotateWebhookSecretAction = defineStaffAction<string, WebhookSecretRotated>({
  action: "webhook.rotate_secret",
  allowed: canManageWebhooks,
  validate: validateId,
  deniedMessage: "Only administrators can rotate signing secrets.",
  target: (id) => ({ type: "webhook_endpoint", id }),
  async run(id, context) {
    await findEndpoint(id);
    const secret = newSigningSecret();
    const sealed = sealSigningSecret(id, secret);
    const previousValidUntil = new Date(Date.now() + SECRET_ROTATION_OVERLAP_HOURS * 3_600_000);
    await prisma.$executeRaw`
      UPDATE "WebhookEndpoint" SET "previousSecretCipher" = "secretCipher", "previousSecretKeyId" = "secretKeyId", "previousSecretExpiresAt" = ${previousValidUntil},
        "secretCipher" = ${Buffer.from(sealed.cipher)}, "secretKeyId" = ${sealed.keyId}, "updatedAt" = now()
      WHERE id = ${id}`;
    context.addAuditDetail({ previousValidUntil: previousValidUntil.toISOString() });
    return { id, secret, previousValidUntil: previousValidUntil.toISOString() };
  },
  successMessage: () =>
    `New secret: copy it now. Deliveries carry both signatures for ${SECRET_ROTATION_OVERLAP_HOURS} hours.`,
});

export const sendWebhookTestAction = defineStaffAction<string, WebhookEndpointChanged>({
  action: "webhook.send_test",
  allowed: canManageWebhooks,
  validate: validateId,
  deniedMessage: "Only administrators can send test events.",
  target: (id) => ({ type: "webhook_endpoint", id }),
  async run(id) {
    const endpoint = await findEndpoint(id);
    if (!endpoint.enabled)
      throw new ActionError("conflict", "Turn the endpoint on first: an endpoint that is off receives nothing.");
    await prisma.$transaction(async (tx) => {
      const event = await tx.outboxEvent.create({
        data: {
          type: WEBHOOK_TEST_EVENT_TYPE,
          subjectType: "webhook_endpoint",
          subjectId: id,
          test: true,
          payload: {
            endpointId: id,
            message: "A test event from Guestpass: your endpoint receives and verifies events.",
          },
        },
        select: { id: true },
      });
      await fanOut(tx, event.id, WEBHOOK_TEST_EVENT_TYPE, id);
    });
    return { id };
  },
  successMessage: () => "Test event queued: its delivery shows below in a moment.",
});

const redeliverSchema = z.object({ endpointId: z.uuid(), deliveryId: z.uuid().optional() });

export const redeliverWebhooksAction = defineStaffAction<z.output<typeof redeliverSchema>, WebhookRedelivered>({
  action: "webhook.redeliver",
  allowed: canManageWebhooks,
  validate: (raw) => {
    const parsed = redeliverSchema.safeParse(raw);
    return parsed.success ? { ok: true, value: parsed.data } : { ok: false, message: "That delivery does not exist." };
  },
  deniedMessage: "Only administrators can redeliver events.",
  target: (input) => ({ type: "webhook_endpoint", id: input.endpointId }),
  async run(input, context) {
    await findEndpoint(input.endpointId);
    const count = await prisma.$transaction(async (tx) => {
      // One delivery (any state: the receiver may have lost it, or be back before the next retry),
      // or every failed one.
      const { count } = await tx.webhookDelivery.updateMany({
        where: {
          endpointId: input.endpointId,
          ...(input.deliveryId ? { id: input.deliveryId } : { status: "Failed" }),
        },
        data: { status: "Pending", attempts: 0, nextAttemptAt: new Date(), deliveredAt: null },
      });
      if (count === 0) return 0;
      // Now, even when a retry waits out its backoff: the endpoint's job is moved to now, not
      // doubled, and the delivery keeps its event (the same webhook-id). The endpoint stays marked
      // failing until one of these is delivered (lib/webhooks/deliver.ts).
      await queueEndpointDelivery(tx, input.endpointId, new Date());
      return count;
    });
    if (count === 0)
      throw new ActionError(
        "not_found",
        input.deliveryId ? "That delivery does not exist." : "No failed deliveries to redeliver.",
      );
    context.addAuditDetail({ deliveryId: input.deliveryId ?? null, count });
    return { id: input.endpointId, count };
  },
  successMessage: (result) =>
    result.count === 1 ? "Queued for delivery again." : `${result.count} deliveries queued again, oldest first.`,
});
