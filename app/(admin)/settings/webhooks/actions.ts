"use server";
// Settings → Webhooks: each action finds the session and runs its definition (validate → authorize
// → do → audit → typed result) from lib/webhooks/actions.ts.
import { runStaffAction } from "@/lib/actions/staff-action";
import { getStaffSession } from "@/lib/auth/session";
import type { ActionResult } from "@/lib/shared/action-result";
import type {
  WebhookEndpointChanged,
  WebhookEndpointCreated,
  WebhookRedelivered,
  WebhookSecretRotated,
} from "@/lib/shared/webhooks";
import {
  createWebhookEndpointAction,
  deleteWebhookEndpointAction,
  disableWebhookEndpointAction,
  enableWebhookEndpointAction,
  redeliverWebhooksAction,
  rotateWebhookSecretAction,
  sendWebhookTestAction,
} from "@/lib/webhooks/actions";

export async function createWebhookEndpoint(form: FormData): Promise<ActionResult<WebhookEndpointCreated>> {
  return runStaffAction(createWebhookEndpointAction, await getStaffSession(), form);
}

export async function setWebhookEndpointEnabled(
  id: string,
  enabled: boolean,
): Promise<ActionResult<WebhookEndpointChanged>> {
  return runStaffAction(
    enabled ? enableWebhookEndpointAction : disableWebhookEndpointAction,
    await getStaffSession(),
    id,
  );
}

export async function deleteWebhookEndpoint(id: string): Promise<ActionResult<WebhookEndpointChanged>> {
  return runStaffAction(deleteWebhookEndpointAction, await getStaffSession(), id);
}

export async function rotateWebhookSecret(id: string): Promise<ActionResult<WebhookSecretRotated>> {
  return runStaffAction(rotateWebhookSecretAction, await getStaffSession(), id);
}

export async function sendWebhookTest(id: string): Promise<ActionResult<WebhookEndpointChanged>> {
  return runStaffAction(sendWebhookTestAction, await getStaffSession(), id);
}

export async function redeliverWebhooks(
  endpointId: string,
  deliveryId?: string,
): Promise<ActionResult<WebhookRedelivered>> {
  return runStaffAction(redeliverWebhooksAction, await getStaffSession(), { endpointId, deliveryId });
}
