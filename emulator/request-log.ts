// Records every call in the state's request log (for the control API and the web page), with
// secrets and one-time codes taken out of the URL.
import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { decodeJwt } from "jose";
import type { EmulatorState } from "./state/store";
import type { RequestLogEntry } from "./state/types";

const SECRET_PARAMETERS =
  /([?&](?:code|client_secret|client_assertion|code_verifier|refresh_token|id_token_hint|access_token)=)[^&]*/gi;

export function redactUrl(url: string): string {
  return url.replace(SECRET_PARAMETERS, "$1[redacted]");
}

function areaOf(path: string): RequestLogEntry["area"] {
  if (/^\/(v1\.0|beta)(\/|$)/i.test(path)) return "graph";
  if (path.startsWith("/control")) return "control";
  if (path === "/" || path.startsWith("/ui") || path.startsWith("/redeem")) return "ui";
  if (/\/(oauth2|discovery|\.well-known|adminconsent)(\/|$)|^\/oidc\//i.test(path)) return "identity";
  return "other";
}

/** Set by routes that fail with a known code (AADSTS…, Graph error code) so the log can show it. */
export function noteErrorCode(request: FastifyRequest, code: string): void {
  (request as FastifyRequest & { emulatorErrorCode?: string }).emulatorErrorCode = code;
}

function appIdOf(request: FastifyRequest): string | null {
  const body = request.body as Record<string, unknown> | undefined;
  const query = request.query as Record<string, unknown> | undefined;
  const fromForm = body && typeof body === "object" && typeof body.client_id === "string" ? body.client_id : undefined;
  const fromQuery = query && typeof query.client_id === "string" ? query.client_id : undefined;
  return fromForm ?? fromQuery ?? appIdFromBearer(request.headers.authorization) ?? null;
}

/** The calling app of a Graph call, read (unverified, for the log only) from its bearer token. */
function appIdFromBearer(authorization: string | undefined): string | undefined {
  if (!authorization?.toLowerCase().startsWith("bearer ")) return undefined;
  try {
    const claims = decodeJwt(authorization.slice(7).trim());
    return typeof claims.appid === "string" ? claims.appid : undefined;
  } catch {
    return undefined;
  }
}

async function requestLog(app: FastifyInstance, options: { state: EmulatorState }): Promise<void> {
  app.addHook("onResponse", async (request, reply) => {
    const path = request.url.split("?")[0] ?? "/";
    const area = areaOf(path);
    // The page polls itself; logging those calls would drown what the visitor wants to see.
    if (area === "ui" && request.method === "GET" && path === "/") return;
    options.state.logRequest({
      time: new Date().toISOString(),
      method: request.method,
      url: redactUrl(request.url),
      status: reply.statusCode,
      durationMs: Math.round(reply.elapsedTime),
      area,
      appId: appIdOf(request),
      errorCode: (request as FastifyRequest & { emulatorErrorCode?: string }).emulatorErrorCode ?? null,
    });
  });
}

export const requestLogPlugin = fp(requestLog, { name: "guestpass-emulator-request-log", fastify: "5.x" });
