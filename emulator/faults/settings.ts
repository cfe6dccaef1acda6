// What the fault and throttling layer can be told to do, as zod schemas so the control API
// validates what tests send and the typed client shares the same types.
import { z } from "zod";

const windowLimit = z.object({
  requests: z.number().int().positive(),
  windowSeconds: z.number().positive(),
});

export const limitSettingsSchema = z.object({
  /** Master switch; off turns every limit below off without forgetting them. */
  enabled: z.boolean(),
  /** Graph: invitation manager, 150 requests per 5 seconds per tenant. */
  invitationsPerTenant: windowLimit.nullable(),
  /** Outlook: 4 concurrent requests per app per mailbox. */
  mailboxConcurrency: z.number().int().positive().nullable(),
  /** Outlook: 10,000 requests per 10 minutes per app per mailbox. */
  mailboxRequests: windowLimit.nullable(),
  /** Exchange Online's sending limit: 30 messages a minute per mailbox (sendMail and send calls). */
  mailboxMessages: windowLimit.nullable(),
  /** Global limit per app (client id) across all tenants: Graph documents 130,000 per 10 seconds. */
  perApp: windowLimit.nullable(),
});
export type LimitSettings = z.infer<typeof limitSettingsSchema>;

export const DEFAULT_LIMITS: LimitSettings = {
  enabled: true,
  invitationsPerTenant: { requests: 150, windowSeconds: 5 },
  mailboxConcurrency: 4,
  mailboxRequests: { requests: 10_000, windowSeconds: 600 },
  mailboxMessages: { requests: 30, windowSeconds: 60 },
  perApp: { requests: 130_000, windowSeconds: 10 },
};

const rate = z.number().min(0).max(1);

export const faultRuleSchema = z.object({
  /**
   * Path prefix the rule applies to, relative to the Graph base URL for Graph calls
   * (e.g. "/v1.0/invitations") or the identity path (e.g. "/common/oauth2/v2.0/token").
   * Omitted: every call in scope.
   */
  pathPrefix: z.string().startsWith("/").optional(),
  /** HTTP methods the rule applies to (upper case); omitted: all. */
  methods: z.array(z.string().toUpperCase()).optional(),
  /** Extra latency drawn uniformly from [minMs, maxMs] before the call is handled. */
  latency: z.object({ minMs: z.number().int().min(0), maxMs: z.number().int().min(0) }).optional(),
  /**
   * The call is handled (its side effect happens: the mail is recorded), then its answer is held
   * this long: the window in which a client that dies or loses the connection cannot know it worked.
   */
  holdAnswerMs: z.number().int().min(0).optional(),
  /** Share of calls answered with a server error instead of being handled. */
  serverErrorRate: rate.optional(),
  serverErrorStatus: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)]).optional(),
  /** Retry-After sent with injected 503/504 responses, in seconds. */
  serverErrorRetryAfterSeconds: z.number().int().min(0).optional(),
  /** Share of calls answered 429 TooManyRequests with Retry-After, whatever the limits say. */
  throttleRate: rate.optional(),
  /** Retry-After of injected 429 responses, in seconds (default 1). */
  throttleRetryAfterSeconds: z.number().int().min(0).optional(),
  /** Share of calls whose connection is destroyed without a response (client sees a reset). */
  connectionResetRate: rate.optional(),
  /** Share of calls held for `stallMs` before being handled (to exercise client timeouts). */
  stallRate: rate.optional(),
  stallMs: z.number().int().min(0).optional(),
  /**
   * Graph's refusal of a filter clause: a call whose $filter names one of these properties gets
   * 400 Request_UnsupportedQuery ("Unsupported or invalid query filter clause specified for
   * property …"), as Microsoft answers for a clause it will not run. Calls whose filter names none
   * of them do not match the rule (they neither consume `remaining` nor get its other faults).
   */
  refuseFilterOn: z.array(z.string().min(1)).min(1).optional(),
  /** The rule applies to this many more matching calls, then retires; omitted: forever. */
  remaining: z.number().int().positive().optional(),
});
export type FaultRule = z.infer<typeof faultRuleSchema>;

export const faultSettingsSchema = z.object({
  /** Seed for the random draws; the same seed and call order replay the same faults. */
  seed: z.number().int().optional(),
  /** Apply rules to identity-platform calls as well as Graph calls. */
  includeIdentity: z.boolean().default(false),
  /** The first rule that matches a call (and has calls remaining) decides its fate. */
  rules: z.array(faultRuleSchema).default([]),
});
export type FaultSettings = z.infer<typeof faultSettingsSchema>;
export type FaultSettingsInput = z.input<typeof faultSettingsSchema>;

export const DEFAULT_FAULTS: FaultSettings = { includeIdentity: false, rules: [] };

export const limitSettingsPatchSchema = limitSettingsSchema.partial();
export type LimitSettingsPatch = z.infer<typeof limitSettingsPatchSchema>;
