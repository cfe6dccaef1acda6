import "server-only";
// Every staff server action reads the same way: authenticate → role check → validate → authorize
// (against the target) → do → audit → typed result. Actions are *definitions* run by runStaffAction, so none can skip a step, and tests
// run them with constructed staff sessions (no Next.js request needed).
import { randomUUID } from "node:crypto";
import type { AuditAction, AuditTargetType } from "@/lib/audit/actions";
import { recordAuditEntry, type AuditEntryInput } from "@/lib/audit/record";
import type { Prisma } from "@/lib/db/generated/client";
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from "@/lib/shared/database-unavailable";
import {
  DATABASE_UNAVAILABLE_CODE,
  describeErrorForLog,
  isUserFacingError,
  toUserFacingMessage,
} from "@/lib/errors/user-error";
import type { ActionFailure, ActionResult } from "@/lib/shared/action-result";
import { ActionError, toErrorExplanation } from "./action-error";
import { isStaff, primaryRole, type StaffSession } from "@/lib/auth/permissions";
import { logFor } from "@/lib/log";

export type { StaffSession } from "@/lib/auth/permissions";

export type Validation<T> =
  { ok: true; value: T } | { ok: false; message?: string; fieldErrors?: Record<string, string[]> };

export interface AuditTarget {
  type: AuditTargetType;
  id?: string | null;
}

export interface StaffActionContext {
  staff: StaffSession;
  correlationId: string;
  /** Adds facts to this action's audit entry (no secrets, no tokens). */
  addAuditDetail(detail: Record<string, Prisma.InputJsonValue | null>): void;
  /** Sets the target when it is only known after doing (e.g. the created invitation). */
  setAuditTarget(target: AuditTarget): void;
}

export interface StaffActionDefinition<Input, Output> {
  /** Audit verb, e.g. "invitation.create". */
  action: AuditAction;
  /** Role-level named check, before the input is even read: a role that may never do this gets "forbidden". */
  allowed(staff: StaffSession): boolean;
  validate(raw: unknown): Validation<Input> | Promise<Validation<Input>>;
  /** Check against the target (e.g. the invitation's status); false → "forbidden". Both are audited as Denied. */
  authorize?(staff: StaffSession, input: Input): boolean | Promise<boolean>;
  /** What a denied person reads. */
  deniedMessage?: string;
  target?(input: Input): AuditTarget | undefined;
  run(input: Input, context: StaffActionContext): Promise<Output>;
  successMessage?(output: Output, input: Input): string | undefined;
}

export function defineStaffAction<Input, Output>(
  definition: StaffActionDefinition<Input, Output>,
): StaffActionDefinition<Input, Output> {
  return definition;
}

/**
 * A staff read that changes nothing (the look-up while an admin types an address): authenticated,
 * role-checked, validated and authorized exactly like an action, but not audited: the audit log
 * records what staff did, not each question a form asked on their behalf.
 */
export interface StaffReadDefinition<Input, Output> extends Omit<
  StaffActionDefinition<Input, Output>,
  "action" | "target" | "run"
> {
  /** Names the read in server logs, e.g. "invitee look-up". */
  name: string;
  run(input: Input): Promise<Output>;
}

export function defineStaffRead<Input, Output>(
  definition: StaffReadDefinition<Input, Output>,
): StaffReadDefinition<Input, Output> {
  return definition;
}

function failureOf(error: unknown, action: string): ActionFailure {
  if (error instanceof ActionError) {
    return {
      ok: false,
      code: error.actionCode,
      message: error.message,
      fieldErrors: error.fieldErrors,
      retryAt: error.retryAt?.toISOString(),
      explanation: error.explained ? toErrorExplanation(error.explained) : undefined,
    };
  }
  if (isUserFacingError(error)) {
    const fieldErrors = error.field ? { [error.field]: [error.message] } : undefined;
    return {
      ok: false,
      code: error.explained ? "microsoft_error" : fieldErrors ? "invalid" : "conflict",
      message: error.message,
      fieldErrors,
      explanation: error.explained ? toErrorExplanation(error.explained) : undefined,
    };
  }
  const shown = toUserFacingMessage(error, { context: action });
  const code = shown.code === DATABASE_UNAVAILABLE_CODE ? "unavailable" : "internal";
  return { ok: false, code, message: shown.message, correlationId: shown.correlationId };
}

/** Audit failures must not turn a done action into a reported failure; they are logged instead. */
async function audit(entry: AuditEntryInput): Promise<void> {
  try {
    await recordAuditEntry(entry);
  } catch (error) {
    logFor("audit").error(
      { correlationId: entry.correlationId, ...describeErrorForLog(error) },
      "audit entry could not be written",
    );
  }
}

/** What runSteps needs from a definition; the verb and the audit writer come separately. */
type Steps<Input, Output> = Omit<StaffActionDefinition<Input, Output>, "action">;
type AuditFacts = Omit<AuditEntryInput, "action" | "actorType" | "actorId" | "actorEmail" | "actorRole">;
type AuditSink = (facts: AuditFacts) => Promise<void>;

export async function runStaffAction<Input, Output>(
  definition: StaffActionDefinition<Input, Output>,
  staff: StaffSession | null,
  raw: unknown,
): Promise<ActionResult<Output>> {
  const record: AuditSink | undefined = staff
    ? (facts) =>
        audit({
          actorType: "Staff",
          actorId: staff.userId,
          actorEmail: staff.email,
          actorRole: primaryRole(staff),
          action: definition.action,
          ...facts,
        })
    : undefined;
  return guardOutage(definition.action, () =>
    runSteps(definition, definition.action, staff, raw, record ?? (async () => {})),
  );
}

export async function runStaffRead<Input, Output>(
  definition: StaffReadDefinition<Input, Output>,
  staff: StaffSession | null,
  raw: unknown,
): Promise<ActionResult<Output>> {
  const steps: Steps<Input, Output> = { ...definition, run: (input) => definition.run(input) };
  return guardOutage(definition.name, () => runSteps(steps, definition.name, staff, raw, async () => {}));
}

async function guardOutage<Output>(
  context: string,
  steps: () => Promise<ActionResult<Output>>,
): Promise<ActionResult<Output>> {
  try {
    return await steps();
  } catch (error) {
    // Validation and authorization read the database too (the invitation's status, the bulk run):
    // an outage there is answered like one in run(), never thrown to Next's generic error.
    if (isDatabaseUnavailable(error)) return failureOf(error, context);
    throw error;
  }
}

async function runSteps<Input, Output>(
  definition: Steps<Input, Output>,
  context: string,
  staff: StaffSession | null,
  raw: unknown,
  record: AuditSink,
): Promise<ActionResult<Output>> {
  // Anonymous callers get nothing: not even validation feedback.
  if (!staff) return { ok: false, code: "unauthenticated", message: "Sign in to continue." };
  if (staff.databaseUnavailable) return { ok: false, code: "unavailable", message: DATABASE_UNAVAILABLE_MESSAGE };
  if (!isStaff(staff)) return { ok: false, code: "forbidden", message: "Your account has no Guestpass role." };

  const correlationId = randomUUID();
  const denied = definition.deniedMessage ?? "Your role does not allow this action.";
  if (!definition.allowed(staff)) {
    await record({ correlationId, outcome: "Denied" });
    return { ok: false, code: "forbidden", message: denied };
  }

  const validation = await definition.validate(raw);
  if (!validation.ok) {
    return {
      ok: false,
      code: "invalid",
      message: validation.message ?? "Check the highlighted fields.",
      fieldErrors: validation.fieldErrors,
    };
  }
  const input = validation.value;
  let target = definition.target?.(input);
  const detail: Record<string, Prisma.InputJsonValue | null> = {};

  if (definition.authorize && !(await definition.authorize(staff, input))) {
    await record({ correlationId, targetType: target?.type, targetId: target?.id, outcome: "Denied" });
    return { ok: false, code: "forbidden", message: denied };
  }

  const actionContext: StaffActionContext = {
    staff,
    correlationId,
    addAuditDetail: (more) => Object.assign(detail, more),
    setAuditTarget: (next) => {
      target = next;
    },
  };
  try {
    const output = await definition.run(input, actionContext);
    await record({ correlationId, targetType: target?.type, targetId: target?.id, outcome: "Success", detail });
    return { ok: true, data: output, message: definition.successMessage?.(output, input) };
  } catch (error) {
    const failure = failureOf(error, context);
    await record({
      correlationId: failure.correlationId ?? correlationId,
      targetType: target?.type,
      targetId: target?.id,
      outcome: failure.code === "forbidden" ? "Denied" : "Failed",
      detail: { ...detail, failureCode: failure.code, failure: failure.explanation?.code ?? failure.message },
    });
    return failure;
  }
}
