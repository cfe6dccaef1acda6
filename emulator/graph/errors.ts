// Microsoft Graph's error body and request-correlation headers, shared by every Graph route,
// the throttling layer and $batch, so a client sees one consistent shape.
import { randomUUID } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import { noteErrorCode } from "../request-log";

export interface GraphErrorBody {
  error: {
    code: string;
    message: string;
    innerError: {
      "request-id": string;
      date: string;
      "client-request-id": string;
    };
  };
}

/** Graph's innerError.date has no fractional seconds and no zone suffix. */
function graphDate(now: Date): string {
  return now.toISOString().slice(0, 19);
}

const REQUEST_ID = Symbol("graphRequestId");
type WithRequestId = FastifyRequest & { [REQUEST_ID]?: { requestId: string; clientRequestId: string } };

/**
 * The request id Graph assigns and the client-request-id it echoes (the client's own, or the
 * request id when the client sent none). Stable for the life of one request.
 */
export function requestIds(request: FastifyRequest): { requestId: string; clientRequestId: string } {
  const carrier = request as WithRequestId;
  if (!carrier[REQUEST_ID]) {
    const requestId = randomUUID();
    const sent = request.headers["client-request-id"];
    const clientRequestId = typeof sent === "string" && sent.length > 0 ? sent : requestId;
    carrier[REQUEST_ID] = { requestId, clientRequestId };
  }
  return carrier[REQUEST_ID];
}

/** Sets the correlation headers Graph returns on every response. */
export function applyGraphHeaders(request: FastifyRequest, reply: FastifyReply): void {
  const { requestId, clientRequestId } = requestIds(request);
  reply.header("request-id", requestId);
  reply.header("client-request-id", clientRequestId);
  reply.header(
    "x-ms-ags-diagnostic",
    JSON.stringify({
      ServerInfo: { DataCenter: "Emulator", Slice: "E", Ring: "0", ScaleUnit: "000", RoleInstance: "EMULATOR" },
    }),
  );
}

export function graphErrorBody(
  request: FastifyRequest,
  code: string,
  message: string,
  now = new Date(),
): GraphErrorBody {
  const { requestId, clientRequestId } = requestIds(request);
  return {
    error: {
      code,
      message,
      innerError: { "request-id": requestId, date: graphDate(now), "client-request-id": clientRequestId },
    },
  };
}

/** Sends a Graph error response; returns the reply so handlers can `return sendGraphError(...)`. */
export function sendGraphError(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: string,
  message: string,
): FastifyReply {
  applyGraphHeaders(request, reply);
  // The emulator's request log and page show the Graph error code beside the call.
  noteErrorCode(request, code);
  return reply
    .code(status)
    .type("application/json")
    .send(graphErrorBody(request, code, message));
}

/** A Graph error raised deep inside route logic; the Graph error handler turns it into a response. */
export class GraphHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "GraphHttpError";
  }
}
