import "server-only";
// Idempotency-Key for the API's writes (sending mail, creating an invitation): the record a request
// creates carries the calling key's id, the Idempotency-Key and the SHA-256 of the request, under a
// unique (apiKeyId, idempotencyKey). A repeat finds that record: the same request gets the first
// answer again, another request with the same key is refused. Two requests with one key at once
// meet at the unique index: the loser finds the winner's record. A request that was refused created
// nothing, so its key holds nothing either.
import { createHash } from "node:crypto";
import { Prisma } from "@/lib/db/generated/client";
import { ApiProblem } from "./problem";

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** The request's Idempotency-Key; null when it has none and none is required. */
export function readIdempotencyKey(request: Request, options: { required: true; hint: string }): string;
export function readIdempotencyKey(request: Request, options: { required: false; hint: string }): string | null;
export function readIdempotencyKey(request: Request, options: { required: boolean; hint: string }): string | null {
  const value = request.headers.get("idempotency-key")?.trim() ?? "";
  if (value === "" && !options.required) return null;
  if (!IDEMPOTENCY_KEY.test(value))
    throw new ApiProblem(400, "api.invalid_request", options.hint, {
      errors: [
        {
          field: "header.Idempotency-Key",
          message: options.required ? "Required: 1–255 visible characters." : "1–255 visible characters.",
        },
      ],
    });
  return value;
}

/** What a repeat must match: the request as accepted (path ids and the parsed body). */
export const requestHashOf = (request: unknown) => createHash("sha256").update(JSON.stringify(request)).digest("hex");

export type IdempotentOutcome<T> =
  | { kind: "created"; value: T }
  | { kind: "repeated"; value: T }
  /** The key was used for another request: nothing was done. */
  | { kind: "key_reused" }
  /** create() found the record's other unique guard held by a request without this key. */
  | { kind: "taken" };

export const isUniqueViolation = (error: unknown) =>
  error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";

/**
 * Runs `create` once per Idempotency-Key. `find` reads the record the key already made (with its
 * request hash); `create` makes it, and answers null (or throws a unique violation) when a
 * concurrent request got there first.
 */
export async function onceForIdempotencyKey<T>(steps: {
  requestHash: string;
  find(): Promise<{ requestHash: string | null; value: T } | null>;
  create(): Promise<T | null>;
}): Promise<IdempotentOutcome<T>> {
  const earlier = async (): Promise<IdempotentOutcome<T> | null> => {
    const found = await steps.find();
    if (!found) return null;
    return found.requestHash === steps.requestHash ? { kind: "repeated", value: found.value } : { kind: "key_reused" };
  };
  const before = await earlier();
  if (before) return before;
  let created: T | null;
  try {
    created = await steps.create();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    created = null;
  }
  if (created !== null) return { kind: "created", value: created };
  return (await earlier()) ?? { kind: "taken" };
}
