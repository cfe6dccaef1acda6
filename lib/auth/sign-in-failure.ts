import "server-only";
// Auth.js reports most failed callbacks as `?error=Configuration` ("the server is misconfigured"):
// a state or PKCE cookie that is missing, expired or from another browser (InvalidCheck) and an ID
// token that failed its checks both count as server errors to it. The error itself reaches only its
// logger, so the auth route runs each request with a slot the logger fills, and a redirect to the
// sign-in page then names what happened. Only the error code changes; nothing from the request is echoed.
import { AsyncLocalStorage } from "node:async_hooks";
import { logFor } from "@/lib/log";

const log = logFor("auth");

/** Codes the sign-in page explains (app/signin/page.tsx). */
export type SignInFailureCode = "InvalidCheck" | "IdTokenRejected" | "OAuthCallbackError";

const currentRequest = new AsyncLocalStorage<{ error?: unknown }>();

/** Called by Auth.js's logger for every error it reports. */
export function noteAuthError(error: unknown): void {
  const slot = currentRequest.getStore();
  if (slot) slot.error = error;
}

interface ErrorShape {
  type?: string;
  message?: string;
  code?: string;
  cause?: { err?: ErrorShape };
}

export function signInFailureCode(error: unknown): SignInFailureCode | null {
  const shape = (error ?? {}) as ErrorShape;
  if (shape.type === "InvalidCheck") return "InvalidCheck";
  if (shape.type !== "CallbackRouteError") return null;
  const cause = shape.cause?.err;
  // oauth4webapi's OperationProcessingError codes (OAUTH_…): state comparison, then ID token claims.
  if (cause?.code === "OAUTH_INVALID_RESPONSE" && cause.message?.includes('"state"')) return "InvalidCheck";
  if (cause?.code === "OAUTH_JWT_CLAIM_COMPARISON_FAILED" || cause?.code === "OAUTH_JWT_TIMESTAMP_CHECK_FAILED")
    return "IdTokenRejected";
  if (typeof cause?.code === "string" && cause.code.startsWith("OAUTH_")) return "OAuthCallbackError";
  return null;
}

/** Runs an Auth.js route handler and turns its generic error redirect into a specific one. */
export async function withSignInFailureCodes<R extends Request>(
  request: R,
  handle: (request: R) => Promise<Response>,
): Promise<Response> {
  const slot: { error?: unknown } = {};
  const response = await currentRequest.run(slot, () => handle(request));
  const location = response.headers.get("location");
  const code = slot.error === undefined ? null : signInFailureCode(slot.error);
  if (!location || !code) return response;
  const target = new URL(location, request.url);
  if (target.pathname !== "/signin" || target.searchParams.get("error") !== "Configuration") return response;
  target.search = new URLSearchParams({ error: code }).toString();
  const headers = new Headers(response.headers);
  headers.set("location", target.toString());
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/**
 * Auth.js's logger for errors: Auth.js's own first line and the cause's stack, without its JSON
 * "details" (they can hold the token endpoint's answer or the ID token's claims), and the error noted
 * for withSignInFailureCodes.
 */
export function logAuthError(error: Error): void {
  noteAuthError(error);
  const shape = error as Error & ErrorShape;
  log.error({ type: shape.type ?? error.name }, error.message);
  const cause = shape.cause?.err as (Error & { code?: string; cause?: { claim?: unknown } }) | undefined;
  if (cause instanceof Error) {
    const claim = typeof cause.cause?.claim === "string" ? ` (claim ${cause.cause.claim})` : "";
    log.error({ code: cause.code, stack: cause.stack }, `cause: ${cause.message}${claim}`);
  }
}
