import "server-only";
// RFC 9457 problem details for every refusal of the REST API, worded by the error catalogue: the
// catalogue's code, title, meaning and fix; the fields a validation error names; a correlation id
// for the server log. Never a stack, a token or the text of an unexpected error.
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { ActionError } from "@/lib/actions/action-error";
import { lookupError } from "@/lib/errors/catalogue";
import type { ExplainedError } from "@/lib/errors/explain";

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

export interface ProblemField {
  /** Where the problem is: "body.to.0", "query.status", "path.id", "header.Idempotency-Key". */
  field: string;
  message: string;
}

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  meaning: string;
  fix: readonly string[];
  errors?: ProblemField[];
  retryAfterSeconds?: number;
  /** urn:uuid:… ; quote it to find the server log line. */
  instance: string;
}

/** A refusal the API answers with as is. `code` is a catalogue key ("api.scope_missing", a Microsoft code …). */
export class ApiProblem extends Error {
  override readonly name = "ApiProblem";
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail?: string,
    readonly options: {
      errors?: ProblemField[];
      retryAfterSeconds?: number;
      explained?: ExplainedError;
      headers?: Record<string, string>;
    } = {},
  ) {
    super(detail ?? code);
  }
}

export function problemDocument(problem: ApiProblem, correlationId: string = randomUUID()): ProblemDocument {
  const explained = problem.options.explained;
  const entry = lookupError(problem.code);
  const title = explained?.title ?? entry?.title ?? "The request could not be completed";
  return {
    type: `urn:guestpass:problem:${problem.code}`,
    title,
    status: problem.status,
    detail: problem.detail ?? explained?.meaning ?? entry?.meaning ?? title,
    code: explained?.code ?? problem.code,
    meaning: explained?.meaning ?? entry?.meaning ?? title,
    fix: explained?.fix ?? entry?.fix ?? [],
    ...(problem.options.errors?.length ? { errors: problem.options.errors } : {}),
    ...(problem.options.retryAfterSeconds !== undefined
      ? { retryAfterSeconds: problem.options.retryAfterSeconds }
      : {}),
    instance: `urn:uuid:${correlationId}`,
  };
}

export function problemResponse(
  problem: ApiProblem,
  correlationId?: string,
  extraHeaders: Record<string, string> = {},
): Response {
  const body = problemDocument(problem, correlationId);
  const headers: Record<string, string> = {
    "content-type": PROBLEM_CONTENT_TYPE,
    "cache-control": "no-store",
    ...extraHeaders,
    ...problem.options.headers,
  };
  if (problem.options.retryAfterSeconds !== undefined)
    headers["retry-after"] = String(problem.options.retryAfterSeconds);
  return new Response(JSON.stringify(body), { status: problem.status, headers });
}

/** The answer to a path under /api/v1 that no operation serves (app/api/v1/[[...rest]]): a problem, not Next's HTML page. */
export function noSuchOperation(): Response {
  return problemResponse(new ApiProblem(404, "api.no_such_operation"));
}

/** A zod failure as a 400 that names each field (`body.to.0: …`). */
export function invalidRequest(where: "body" | "query" | "path" | "header", error: z.ZodError): ApiProblem {
  const errors = error.issues.map((issue) => ({
    field: [where, ...issue.path.map(String)].join("."),
    message: issue.message,
  }));
  const detail = errors.map((e) => `${e.field}: ${e.message}`).join("; ");
  return new ApiProblem(400, "api.invalid_request", detail, { errors });
}

/** The shared validators' field errors (lib/shared/invitation-validation.ts) as a 400 naming `body.<field>`. */
export function invalidFields(fieldErrors: Partial<Record<string, string[]>>): ApiProblem {
  const errors = Object.entries(fieldErrors).flatMap(([field, messages]) =>
    (messages ?? []).map((message) => ({ field: `body.${field}`, message })),
  );
  return new ApiProblem(400, "api.invalid_request", errors.map((e) => `${e.field}: ${e.message}`).join("; "), {
    errors,
  });
}

const ACTION_PROBLEMS: Partial<Record<ActionError["actionCode"], [status: number, code: string]>> = {
  not_found: [404, "api.not_found"],
  conflict: [409, "api.conflict"],
  forbidden: [409, "api.conflict"],
};

/**
 * A refusal of the steps the portal and the API share (an ActionError, worded for people) as a
 * problem: field errors name `body.<field>`, Microsoft's refusals keep the catalogue's explanation.
 * Any other error is left to the operation wrapper (logged, answered without its text).
 */
export function problemFromActionError(error: unknown): unknown {
  if (!(error instanceof ActionError)) return error;
  if (error.actionCode === "invalid")
    return error.fieldErrors
      ? invalidFields(error.fieldErrors)
      : new ApiProblem(400, "api.invalid_request", error.message);
  if (error.actionCode === "microsoft_error" && error.explained)
    return new ApiProblem(error.explained.transient ? 503 : 502, error.explained.code, error.message, {
      explained: error.explained,
      retryAfterSeconds: error.explained.transient ? (error.explained.retryAfterSeconds ?? 30) : undefined,
    });
  if (error.actionCode === "rate_limited" && error.retryAt)
    return new ApiProblem(429, "api.resend_too_soon", error.message, {
      retryAfterSeconds: Math.max(1, Math.ceil((error.retryAt.getTime() - Date.now()) / 1000)),
    });
  const [status, code] = ACTION_PROBLEMS[error.actionCode] ?? [500, "api.internal"];
  return new ApiProblem(status, code, status === 500 ? undefined : error.message);
}
