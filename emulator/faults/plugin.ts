// Fastify hooks that put the fault and throttling layer in front of the Graph routes (and, when
// asked, the identity routes): 429 with Retry-After, added latency, stalls, 5xx and connection
// resets, decided by FaultLayer. Registered with fastify-plugin so the hooks reach routes that
// other plugins register, not only this plugin's own.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { decodeJwt } from "jose";
import { applyGraphHeaders, sendGraphError } from "../graph/errors";
import { isInternalBatchCall } from "../graph/internal-call";
import { parseFilter } from "../graph/odata/filter";
import { filterProperties } from "../graph/odata/filter-evaluate";
import { FaultLayer, type CallDescription, type InjectedFault } from "./layer";

export interface FaultsPluginOptions {
  /** Share a layer with the control routes; a new one by default. */
  layer?: FaultLayer;
  /** Path under which Graph's /v1.0 and /beta live on this server ("" = at the root). */
  graphPrefix?: string;
  /** Which non-Graph paths are identity-platform calls; default: OAuth, OIDC and discovery paths. */
  isIdentityPath?: (path: string) => boolean;
}

declare module "fastify" {
  interface FastifyInstance {
    emulatorFaults: FaultLayer;
  }
}

const defaultIsIdentityPath = (path: string) =>
  /\/oauth2\/|\/\.well-known\/|\/discovery\/|\/common\/|\/organizations\//i.test(path);

interface TokenFacts {
  tenantId?: string;
  appId?: string;
  userObjectId?: string;
}

/** Reads who is calling from the bearer token without verifying it: only to key the limits. */
function tokenFacts(request: FastifyRequest): TokenFacts {
  const header = request.headers.authorization;
  if (!header?.toLowerCase().startsWith("bearer ")) return {};
  try {
    const claims = decodeJwt(header.slice(7).trim());
    const text = (value: unknown) => (typeof value === "string" ? value : undefined);
    return {
      tenantId: text(claims.tid),
      appId: text(claims.appid) ?? text(claims.azp),
      // An app-only token has an oid too (the service principal's); only delegated ones name a mailbox.
      userObjectId: text(claims.scp) ? text(claims.oid) : undefined,
    };
  } catch {
    return {};
  }
}

/** What the call's $filter (or filter) filters on; a filter that does not parse names nothing here (the route refuses it). */
function filterPropertiesOf(request: FastifyRequest): string[] | undefined {
  const query = (request.query ?? {}) as Record<string, unknown>;
  const raw = Object.entries(query).find(
    ([name]) => name.toLowerCase() === "$filter" || name.toLowerCase() === "filter",
  )?.[1];
  const filter = Array.isArray(raw) ? raw[0] : raw;
  if (typeof filter !== "string") return undefined;
  try {
    return filterProperties(parseFilter(filter));
  } catch {
    return undefined;
  }
}

export function describeCall(
  request: FastifyRequest,
  graphPrefix: string,
  isIdentityPath: (path: string) => boolean,
): CallDescription | null {
  const fullPath = request.url.split("?")[0] ?? "/";
  const pattern = request.routeOptions.url;
  const relative = (path: string) =>
    graphPrefix && path.startsWith(graphPrefix) ? path.slice(graphPrefix.length) : path;
  const graphPath = relative(fullPath);
  const insideBatch = isInternalBatchCall(request.headers);
  if (/^\/(v1\.0|beta)(\/|$)/i.test(graphPath) && (graphPrefix === "" || fullPath.startsWith(graphPrefix))) {
    const route = `${request.method} ${pattern ? relative(pattern) : graphPath}`;
    return {
      scope: "graph",
      method: request.method,
      path: graphPath,
      route,
      insideBatch,
      filterProperties: filterPropertiesOf(request),
      ...tokenFacts(request),
    };
  }
  if (isIdentityPath(fullPath)) {
    return {
      scope: "identity",
      method: request.method,
      path: fullPath,
      route: `${request.method} ${pattern ?? fullPath}`,
    };
  }
  return null;
}

function sendInjectedFault(request: FastifyRequest, reply: FastifyReply, call: CallDescription, fault: InjectedFault) {
  if (fault.kind === "unsupportedFilter") {
    return sendGraphError(
      request,
      reply,
      400,
      "Request_UnsupportedQuery",
      `Unsupported or invalid query filter clause specified for property '${fault.property}' of resource 'User'.`,
    );
  }
  if (fault.kind === "connectionReset") {
    // The client sees the TCP connection drop with no response, as on a network failure.
    reply.hijack();
    request.raw.socket.destroy();
    return reply;
  }
  if (fault.retryAfterSeconds !== null) reply.header("Retry-After", String(fault.retryAfterSeconds));
  if (call.scope === "identity") {
    return reply.code(fault.status).send({
      error: "temporarily_unavailable",
      error_description: "AADSTS90033: A transient error has occurred. Please try again.",
      error_codes: [90033],
      timestamp: new Date().toISOString().replace("T", " ").slice(0, 19) + "Z",
    });
  }
  const codes: Record<number, [string, string]> = {
    500: ["generalException", "An unspecified error has occurred."],
    502: ["BadGateway", "The server received an invalid response from an upstream server."],
    503: [
      "serviceNotAvailable",
      "The service is temporarily unavailable for maintenance or is overloaded. Please try again later.",
    ],
    504: [
      "GatewayTimeout",
      "The server, while acting as a proxy, did not receive a timely response from the upstream server.",
    ],
  };
  const [code, message] = codes[fault.status] ?? ["generalException", "An unspecified error has occurred."];
  return sendGraphError(request, reply, fault.status, code, message);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function faults(app: FastifyInstance, options: FaultsPluginOptions): Promise<void> {
  const layer = options.layer ?? new FaultLayer();
  const graphPrefix = (options.graphPrefix ?? "").replace(/\/$/, "");
  const isIdentityPath = options.isIdentityPath ?? defaultIsIdentityPath;
  const releases = new WeakMap<FastifyRequest, () => void>();
  const heldAnswers = new WeakMap<FastifyRequest, number>();
  app.decorate("emulatorFaults", layer);

  app.addHook("onRequest", async (request, reply) => {
    const call = describeCall(request, graphPrefix, isIdentityPath);
    if (!call) return;
    if (call.scope === "graph") applyGraphHeaders(request, reply);
    const verdict = layer.admit(call);
    if (verdict.kind === "throttled") {
      reply.header("Retry-After", String(verdict.retryAfterSeconds));
      return sendGraphError(request, reply, 429, verdict.code, verdict.message);
    }
    releases.set(request, verdict.release);
    if (verdict.holdAnswerMs > 0) heldAnswers.set(request, verdict.holdAnswerMs);
    // A client that gives up early must not keep holding a mailbox slot.
    reply.raw.once("close", verdict.release);
    if (verdict.delayMs > 0) await sleep(verdict.delayMs);
    if (verdict.fault) return sendInjectedFault(request, reply, call, verdict.fault);
  });

  // Handled, answer not yet sent: the client cannot tell whether the call worked.
  app.addHook("onSend", async (request) => {
    const holdMs = heldAnswers.get(request);
    if (!holdMs) return;
    // Held until the time is up or the client is gone, whichever comes first.
    const socket = request.raw.socket;
    if (socket.destroyed) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, holdMs);
      socket.once("close", done);
      function done() {
        clearTimeout(timer);
        socket.off("close", done);
        resolve();
      }
    });
  });

  app.addHook("onResponse", async (request) => {
    releases.get(request)?.();
  });
}

export const faultsPlugin = fp(faults, { name: "guestpass-emulator-faults", fastify: "5.x" });
