// The decisions of the fault and throttling layer, free of Fastify so they can be tested alone:
// given a call, say whether it is throttled, delayed, failed or reset.
import { CallCounters, type CountersSnapshot } from "./counters";
import { ConcurrencyLimiter, SlidingWindowLimiter } from "./limiters";
import { createRandomSource, uniformMs, type RandomSource } from "./random";
import {
  DEFAULT_FAULTS,
  DEFAULT_LIMITS,
  faultSettingsSchema,
  type FaultRule,
  type FaultSettings,
  type FaultSettingsInput,
  type LimitSettings,
  type LimitSettingsPatch,
} from "./settings";

export type CallScope = "graph" | "identity";

export interface CallDescription {
  scope: CallScope;
  method: string;
  /** Path without query, relative to the Graph base for Graph calls (e.g. "/v1.0/me/sendMail"). */
  path: string;
  /** Counter key, e.g. "POST /v1.0/invitations". */
  route: string;
  /** From the bearer token, when there is a readable one. */
  tenantId?: string;
  appId?: string;
  userObjectId?: string;
  /** Calls inside a $batch cannot have their connection reset: they have none of their own. */
  insideBatch?: boolean;
  /** The properties the call's $filter names (lambda variables excluded), for refuseFilterOn. */
  filterProperties?: readonly string[];
}

export type InjectedFault =
  | { kind: "connectionReset" }
  | { kind: "unsupportedFilter"; property: string }
  | { kind: "serverError"; status: 500 | 502 | 503 | 504; retryAfterSeconds: number | null };

export type CallVerdict =
  | { kind: "throttled"; code: string; message: string; retryAfterSeconds: number }
  | {
      kind: "admitted";
      /** Total extra time to hold the call (latency + stall), in ms. */
      delayMs: number;
      /** Time to hold the answer after the call was handled, in ms. */
      holdAnswerMs: number;
      fault: InjectedFault | null;
      /** Frees the call's concurrency slot; call when the response is finished. */
      release: () => void;
    };

const INVITATIONS = /^\/(v1\.0|beta)\/invitations\/?$/i;
const SENDS = /\/(sendMail|messages\/[^/]+\/send)\/?$/i;
const MAILBOX =
  /^\/(v1\.0|beta)\/(me|users\/([^/]+))\/(sendMail|messages|mailFolders|events|calendars?|contacts|outlook)(\/|$)/i;

/** The mailbox an Outlook call acts on, or null for non-mail calls. */
export function mailboxOf(call: Pick<CallDescription, "path" | "userObjectId">): string | null {
  const match = MAILBOX.exec(call.path);
  if (!match) return null;
  if (match[2]?.toLowerCase() === "me") return call.userObjectId ? `oid:${call.userObjectId}` : null;
  return `user:${decodeURIComponent(match[3] ?? "").toLowerCase()}`;
}

const noop = () => {};

/** The first property of the call's $filter that the rule refuses (names compare case-insensitively). */
function refusedProperty(rule: FaultRule, call: CallDescription): string | undefined {
  const refused = new Set(rule.refuseFilterOn?.map((name) => name.toLowerCase()));
  return call.filterProperties?.find((name) => refused.has(name.toLowerCase()));
}

export class FaultLayer {
  readonly counters = new CallCounters();
  private limits: LimitSettings = structuredClone(DEFAULT_LIMITS);
  private faults: FaultSettings = structuredClone(DEFAULT_FAULTS);
  private random: RandomSource = createRandomSource();
  private invitationWindows!: SlidingWindowLimiter;
  private mailboxWindows!: SlidingWindowLimiter;
  private messageWindows!: SlidingWindowLimiter;
  private appWindows!: SlidingWindowLimiter;
  private mailboxSlots!: ConcurrencyLimiter;

  constructor(private readonly now: () => number = Date.now) {
    this.rebuildLimiters();
  }

  getLimits(): LimitSettings {
    return structuredClone(this.limits);
  }

  /** Changes the given limits (null turns one off) and starts their windows afresh. */
  setLimits(patch: LimitSettingsPatch): LimitSettings {
    this.limits = { ...this.limits, ...patch };
    this.rebuildLimiters();
    return this.getLimits();
  }

  getFaults(): FaultSettings & { seed: number } {
    return { ...structuredClone(this.faults), seed: this.random.seed };
  }

  /** Replaces the fault rules; a seed restarts the random sequence so runs replay exactly. */
  setFaults(input: FaultSettingsInput): FaultSettings & { seed: number } {
    this.faults = faultSettingsSchema.parse(input);
    this.random = createRandomSource(this.faults.seed);
    return this.getFaults();
  }

  readCounters(): CountersSnapshot {
    return this.counters.snapshot();
  }

  /** Back to Microsoft's documented limits, no faults, zero counters. */
  reset(): void {
    this.limits = structuredClone(DEFAULT_LIMITS);
    this.faults = structuredClone(DEFAULT_FAULTS);
    this.random = createRandomSource();
    this.rebuildLimiters();
    this.counters.reset();
  }

  admit(call: CallDescription): CallVerdict {
    this.counters.increment(call.route, "calls");
    if (call.insideBatch) this.counters.increment(call.route, "insideBatch");
    const throttled = call.scope === "graph" && this.limits.enabled ? this.checkWindows(call) : null;
    if (throttled) {
      this.counters.increment(call.route, "throttled");
      return throttled;
    }

    let release = noop;
    const mailbox = call.scope === "graph" ? mailboxOf(call) : null;
    if (mailbox && this.limits.enabled && this.limits.mailboxConcurrency !== null) {
      const slot = this.mailboxSlots.acquire(`${call.appId ?? "?"}|${mailbox}`);
      if (!slot) {
        this.counters.increment(call.route, "throttled");
        return {
          kind: "throttled",
          code: "ApplicationThrottled",
          message: "Application is over its MailboxConcurrency limit.",
          retryAfterSeconds: 1,
        };
      }
      release = slot;
    }
    if (mailbox) {
      const slot = release;
      const leave = this.counters.enterMailbox(mailbox);
      release = () => {
        leave();
        slot();
      };
    }

    const rule = this.matchingRule(call);
    if (!rule) return { kind: "admitted", delayMs: 0, holdAnswerMs: 0, fault: null, release };
    if (rule.remaining !== undefined) {
      rule.remaining -= 1;
      if (rule.remaining <= 0) this.faults.rules = this.faults.rules.filter((candidate) => candidate !== rule);
    }

    if (rule.throttleRate !== undefined && this.random.next() < rule.throttleRate) {
      release();
      this.counters.increment(call.route, "throttled");
      return {
        kind: "throttled",
        code: "TooManyRequests",
        message: "Too many requests (injected by the emulator's fault rules). Please try again later.",
        retryAfterSeconds: rule.throttleRetryAfterSeconds ?? 1,
      };
    }
    let delayMs = rule.latency ? uniformMs(this.random, rule.latency.minMs, rule.latency.maxMs) : 0;
    if (rule.stallRate !== undefined && this.random.next() < rule.stallRate) {
      delayMs += rule.stallMs ?? 0;
      this.counters.increment(call.route, "stalls");
    }
    let fault: InjectedFault | null = null;
    const refused = refusedProperty(rule, call);
    if (refused) {
      fault = { kind: "unsupportedFilter", property: refused };
      this.counters.increment(call.route, "refusedFilters");
    } else if (
      !call.insideBatch &&
      rule.connectionResetRate !== undefined &&
      this.random.next() < rule.connectionResetRate
    ) {
      fault = { kind: "connectionReset" };
      this.counters.increment(call.route, "connectionResets");
    } else if (rule.serverErrorRate !== undefined && this.random.next() < rule.serverErrorRate) {
      const status = rule.serverErrorStatus ?? 503;
      const retryAfterSeconds = status === 503 || status === 504 ? (rule.serverErrorRetryAfterSeconds ?? 1) : null;
      fault = { kind: "serverError", status, retryAfterSeconds };
      this.counters.increment(call.route, "serverErrors");
    }
    return { kind: "admitted", delayMs, holdAnswerMs: rule.holdAnswerMs ?? 0, fault, release };
  }

  private matchingRule(call: CallDescription): FaultRule | undefined {
    if (call.scope === "identity" && !this.faults.includeIdentity) return undefined;
    const path = call.path.toLowerCase();
    return this.faults.rules.find(
      (rule) =>
        (rule.pathPrefix === undefined || path.startsWith(rule.pathPrefix.toLowerCase())) &&
        (rule.methods === undefined || rule.methods.includes(call.method.toUpperCase())) &&
        (rule.refuseFilterOn === undefined || refusedProperty(rule, call) !== undefined),
    );
  }

  private checkWindows(call: CallDescription): CallVerdict | null {
    if (this.limits.perApp && call.appId) {
      const decision = this.appWindows.take(call.appId);
      if (!decision.allowed) {
        return {
          kind: "throttled",
          code: "TooManyRequests",
          message: `Too many requests from Identifier:${call.appId} under category:throttle.ags.application. Please try again later.`,
          retryAfterSeconds: decision.retryAfterSeconds,
        };
      }
    }
    if (
      this.limits.invitationsPerTenant &&
      call.method.toUpperCase() === "POST" &&
      INVITATIONS.test(call.path) &&
      call.tenantId
    ) {
      const decision = this.invitationWindows.take(call.tenantId);
      if (!decision.allowed) {
        return {
          kind: "throttled",
          code: "TooManyRequests",
          message: `Too many requests from Identifier:${call.tenantId} under category:throttle.aad.ags.invitationmanager. Please try again later.`,
          retryAfterSeconds: decision.retryAfterSeconds,
        };
      }
    }
    const mailbox = mailboxOf(call);
    if (this.limits.mailboxRequests && mailbox) {
      const decision = this.mailboxWindows.take(`${call.appId ?? "?"}|${mailbox}`);
      if (!decision.allowed) {
        return {
          kind: "throttled",
          code: "ApplicationThrottled",
          message: "Application is over its MailboxRequests limit.",
          retryAfterSeconds: decision.retryAfterSeconds,
        };
      }
    }
    if (this.limits.mailboxMessages && mailbox && call.method.toUpperCase() === "POST" && SENDS.test(call.path)) {
      const decision = this.messageWindows.take(mailbox);
      if (!decision.allowed) {
        return {
          kind: "throttled",
          code: "ApplicationThrottled",
          message: "The mailbox is over Exchange Online's sending limit of 30 messages a minute.",
          retryAfterSeconds: decision.retryAfterSeconds,
        };
      }
    }
    return null;
  }

  private rebuildLimiters(): void {
    const window = (limit: { requests: number; windowSeconds: number } | null) =>
      new SlidingWindowLimiter(
        limit?.requests ?? Number.MAX_SAFE_INTEGER,
        (limit?.windowSeconds ?? 1) * 1000,
        this.now,
      );
    this.invitationWindows = window(this.limits.invitationsPerTenant);
    this.mailboxWindows = window(this.limits.mailboxRequests);
    this.messageWindows = window(this.limits.mailboxMessages);
    this.appWindows = window(this.limits.perApp);
    this.mailboxSlots = new ConcurrencyLimiter(this.limits.mailboxConcurrency ?? Number.MAX_SAFE_INTEGER);
  }
}
