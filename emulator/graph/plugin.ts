// Microsoft Graph v1.0 (and the same routes under /beta) for the emulator: invitations, users,
// mail and $batch, with Graph's error shape and correlation headers on every answer. Register it
// at the prefix that GRAPH_BASE_URL points to; `{ state, tokens }` come from the emulator core.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { TokenService } from "../identity/tokens";
import type { EmulatorState } from "../state/store";
import { parseBatchPayload, runBatch } from "./batch";
import { authenticate, versionRoot, type GraphContext } from "./context";
import { applyGraphHeaders, GraphHttpError, sendGraphError } from "./errors";
import { registerApplicationRoutes } from "./applications/routes";
import { registerInvitationRoutes } from "./invitations/routes";
import { registerMailRoutes } from "./mail/routes";
import { registerPolicyRoutes } from "./policies/routes";
import { registerServicePrincipalRoutes } from "./service-principals/routes";
import { registerUserRoutes } from "./users/routes";

export interface GraphPluginOptions {
  state: EmulatorState;
  tokens: TokenService;
}

export const GRAPH_VERSIONS = ["v1.0", "beta"] as const;

function handleGraphError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof GraphHttpError) {
    for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
    return sendGraphError(request, reply, error.status, error.code, error.message);
  }
  const fastifyError = error as FastifyError;
  if (fastifyError.statusCode === 415) {
    return sendGraphError(request, reply, 415, "BadRequest", "Content-Type header is not supported for this request.");
  }
  if (fastifyError.statusCode !== undefined && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    // Fastify's body parser: empty or malformed JSON.
    return sendGraphError(
      request,
      reply,
      400,
      "BadRequest",
      "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.",
    );
  }
  request.log.error({ err: error }, "graph route failed");
  return sendGraphError(request, reply, 500, "generalException", "An unspecified error has occurred.");
}

async function graphVersion(app: FastifyInstance, context: GraphContext): Promise<void> {
  app.addHook("onRequest", async (request, reply) => {
    applyGraphHeaders(request, reply);
    reply.header("OData-Version", "4.0");
  });
  app.setErrorHandler(handleGraphError);
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split("?")[0] ?? "";
    const segment = path.replace(/^.*?\/(v1\.0|beta)\/?/i, "").split("/")[0] ?? "";
    return sendGraphError(
      request,
      reply,
      400,
      "BadRequest",
      `Resource not found for the segment '${decodeURIComponent(segment)}'.`,
    );
  });

  registerInvitationRoutes(app, context);
  registerUserRoutes(app, context);
  registerMailRoutes(app, context);
  registerServicePrincipalRoutes(app, context);
  registerApplicationRoutes(app, context);
  registerPolicyRoutes(app, context);

  app.post("/$batch", async (request, reply) => {
    // The batch itself needs a valid token (Graph checks it before reading the requests); each
    // inner request is then authorized on its own.
    await authenticate(context, request);
    const requests = parseBatchPayload(request.body);
    const versionPath = new URL(versionRoot(request)).pathname;
    const responses = await runBatch(app, request, versionPath, requests);
    return reply.code(200).type("application/json").send({ responses });
  });
}

export async function graphPlugin(app: FastifyInstance, options: GraphPluginOptions): Promise<void> {
  const context: GraphContext = { state: options.state, tokens: options.tokens };
  for (const version of GRAPH_VERSIONS) {
    await app.register(async (scope) => graphVersion(scope, context), { prefix: `/${version}` });
  }
}
