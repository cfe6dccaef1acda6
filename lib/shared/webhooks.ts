// What the webhook actions answer (client-safe).
export interface WebhookEndpointCreated {
  id: string;
  url: string;
  /** The signing secret: shown this once, never again. */
  secret: string;
}

export interface WebhookSecretRotated {
  id: string;
  secret: string;
  /** Until when the previous secret still signs too. */
  previousValidUntil: string;
}

export interface WebhookEndpointChanged {
  id: string;
}

export interface WebhookRedelivered {
  id: string;
  count: number;
}

/** How long the old secret keeps signing after a rotation, so receivers can switch without a gap. */
export const SECRET_ROTATION_OVERLAP_HOURS = 24;

/** One delivery as the deliveries page shows it, newest attempts first (times as ISO strings). */
export interface WebhookDeliveryView {
  id: string;
  eventId: string;
  eventType: string;
  test: boolean;
  status: "Pending" | "Delivered" | "Failed";
  attempts: number;
  nextAttemptAt: string;
  createdAt: string;
  lastError: string | null;
  tries: {
    id: string;
    attemptedAt: string;
    statusCode: number | null;
    latencyMs: number;
    responseSnippet: string | null;
    error: string | null;
  }[];
}
