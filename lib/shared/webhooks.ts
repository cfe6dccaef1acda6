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
