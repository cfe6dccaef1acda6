// Control routes for what happens over time: redeeming invitations, revoking grants, expiring
// tokens, token settings, and reading what the emulator received (request log) and "sent" (mail).
import type { FastifyInstance, FastifyReply } from "fastify";
import type { EmulatorState } from "../state/store";
import type { User } from "../state/types";
import { parseBody } from "./routes-directory";
import { randomUUID } from "node:crypto";
import {
  expireTokensSchema,
  idTokenDefectSchema,
  lifetimesSchema,
  redeemSchema,
  revokeSchema,
  rotationSchema,
} from "./schemas";

const notFound = (reply: FastifyReply, what: string) =>
  reply.code(404).send({ error: "not_found", message: `${what} not found` });

function redeem(
  state: EmulatorState,
  guest: User,
  input: { homeUserId?: string; passcode?: boolean },
  reply: FastifyReply,
) {
  if (input.passcode) {
    state.redeemInvitation(guest, "passcode");
    return guest;
  }
  const homeUserId = input.homeUserId;
  const address = guest.mail ?? guest.otherMails[0];
  const home = homeUserId ? state.getUser(homeUserId) : address ? state.findHomeAccount(address) : undefined;
  if (!home || home.password === null) {
    return reply.code(409).send({
      error: "no_home_account",
      message: `No account signs in as ${address ?? "(no address)"}; create one in its own tenant first (POST /control/users).`,
    });
  }
  state.redeemInvitation(guest, home);
  return guest;
}

export function registerActivityRoutes(app: FastifyInstance, state: EmulatorState): void {
  app.get("/invitations", async () => [...state.invitations.values()]);

  app.post<{ Params: { id: string } }>("/invitations/:id/redeem", async (request, reply) => {
    const invitation = state.invitations.get(request.params.id);
    const guest = invitation ? state.getUser(invitation.invitedUserId) : undefined;
    if (!guest) return notFound(reply, "invitation");
    const input = parseBody(redeemSchema, request.body, reply);
    if (!input) return reply;
    return redeem(state, guest, input, reply);
  });

  app.post<{ Params: { id: string } }>("/users/:id/redeem", async (request, reply) => {
    const guest = state.getUser(request.params.id);
    if (!guest || guest.externalUserState === null) return notFound(reply, "invited user");
    const input = parseBody(redeemSchema, request.body, reply);
    if (!input) return reply;
    return redeem(state, guest, input, reply);
  });

  app.post<{ Params: { id: string } }>("/users/:id/revoke", async (request, reply) => {
    if (!state.getUser(request.params.id)) return notFound(reply, "user");
    const input = parseBody(revokeSchema, request.body, reply);
    if (!input) return reply;
    return state.revokeUser(request.params.id.toLowerCase(), input.appId?.toLowerCase());
  });

  app.post("/tokens/expire", async (request, reply) => {
    const input = parseBody(expireTokensSchema, request.body, reply);
    if (!input) return reply;
    const userId = input.userId?.toLowerCase();
    const appId = input.appId?.toLowerCase();
    const matches = (token: { userId: string | null; appId: string }) =>
      (!userId || token.userId === userId) && (!appId || token.appId === appId);
    const result = { accessTokens: 0, refreshTokens: 0, authorizationCodes: 0 };
    const past = Date.now() - 1000;
    if (input.kind === "access" || input.kind === "all") result.accessTokens = state.expireAccessTokens(matches);
    if (input.kind === "refresh" || input.kind === "all") {
      for (const record of state.refreshTokens.values()) {
        if (matches(record) && record.expiresAt > past) {
          record.expiresAt = past;
          result.refreshTokens++;
        }
      }
    }
    if (input.kind === "codes" || input.kind === "all") {
      for (const code of state.authorizationCodes.values()) {
        if (matches(code) && code.expiresAt > past) {
          code.expiresAt = past;
          result.authorizationCodes++;
        }
      }
    }
    return result;
  });

  // Test-only: the next token responses to an app carry a spoiled ID token (identity/id-token-defects.ts).
  app.get("/tokens/id-token-defects", async () => state.idTokenDefects);
  app.post("/tokens/id-token-defects", async (request, reply) => {
    const input = parseBody(idTokenDefectSchema, request.body, reply);
    if (!input) return reply;
    const rule = {
      id: randomUUID(),
      appId: input.appId.toLowerCase(),
      userId: input.userId?.toLowerCase() ?? null,
      defect: input.defect,
      remaining: input.count,
    };
    state.idTokenDefects.push(rule);
    return reply.code(201).send(rule);
  });
  app.delete("/tokens/id-token-defects", async (_request, reply) => {
    state.idTokenDefects.length = 0;
    return reply.code(204).send();
  });

  app.get("/settings", async () => ({ refreshRotation: state.refreshRotation, lifetimes: state.lifetimes }));
  app.put("/settings/refresh-rotation", async (request, reply) => {
    const input = parseBody(rotationSchema, request.body, reply);
    if (!input) return reply;
    state.refreshRotation = input.mode;
    return { refreshRotation: state.refreshRotation };
  });
  app.patch("/settings/lifetimes", async (request, reply) => {
    const input = parseBody(lifetimesSchema, request.body, reply);
    if (!input) return reply;
    Object.assign(state.lifetimes, input);
    return state.lifetimes;
  });

  app.get<{ Querystring: { sinceId?: string; area?: string } }>("/requests", async (request) => {
    const since = Number(request.query.sinceId ?? 0);
    return state.requestLog.filter(
      (entry) => entry.id > since && (!request.query.area || entry.area === request.query.area),
    );
  });
  app.delete("/requests", async (_request, reply) => {
    state.requestLog.length = 0;
    return reply.code(204).send();
  });

  app.get<{ Querystring: { to?: string; from?: string } }>("/mail", async (request) => {
    const to = request.query.to?.toLowerCase();
    const from = request.query.from?.toLowerCase();
    return state.sentMail.filter(
      (mail) =>
        (!to || mail.to.some((recipient) => recipient.address.toLowerCase() === to)) &&
        (!from || mail.from.address.toLowerCase() === from),
    );
  });
}
