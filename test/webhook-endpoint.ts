// A webhook endpoint of the portal pointing at a real receiver (test/webhook-receiver.ts), for tests
// that check which events a code path sends. The receiver listens on 127.0.0.1, so the development
// setting that allows loopback delivery is switched on for this process (and the workers it starts).
import { runStaffAction } from "@/lib/actions/staff-action";
import { resetEnvForTests } from "@/lib/env";
import type { WebhookEventType } from "@/lib/shared/webhook-events";
import { createWebhookEndpointAction, deleteWebhookEndpointAction } from "@/lib/webhooks/actions";
import { deliverEndpoint } from "@/lib/webhooks/deliver";
import { adminSession } from "./int-support";
import { startWebhookReceiver, type WebhookReceiver } from "./webhook-receiver";

export interface ReceiverEndpoint {
  receiver: WebhookReceiver;
  endpointId: string;
  /** Delivers what is due to the receiver now, as the worker would. */
  deliver(): Promise<void>;
  /** Deletes the endpoint and stops the receiver. */
  close(): Promise<void>;
}

export async function startReceiverEndpoint(eventTypes: WebhookEventType[] = []): Promise<ReceiverEndpoint> {
  process.env.WEBHOOK_ALLOW_LOOPBACK_HTTP = "true";
  resetEnvForTests();
  const receiver = await startWebhookReceiver();
  const created = await runStaffAction(createWebhookEndpointAction, await adminSession(), {
    url: receiver.url,
    eventTypes,
  });
  if (!created.ok) throw new Error(JSON.stringify(created));
  receiver.secrets.push(created.data.secret);
  const endpointId = created.data.id;
  return {
    receiver,
    endpointId,
    deliver: async () => {
      await deliverEndpoint(endpointId, { policy: { allowLoopbackHttp: true, timeoutMs: 5_000 } });
    },
    close: async () => {
      await runStaffAction(deleteWebhookEndpointAction, await adminSession(), endpointId);
      await receiver.close();
    },
  };
}
