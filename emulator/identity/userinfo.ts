// OIDC userinfo (Entra serves it on Graph's host at /oidc/userinfo) for clients that ask for it.
import type { FastifyInstance } from "fastify";
import type { EmulatorState } from "../state/store";
import { AccessTokenError, pairwiseSubject, type TokenService } from "./tokens";
import { emailClaims } from "./user-tokens";

export function registerUserInfoRoute(
  app: FastifyInstance,
  options: { state: EmulatorState; tokens: TokenService },
): void {
  app.get("/oidc/userinfo", async (request, reply) => {
    const header = request.headers.authorization ?? "";
    if (!header.toLowerCase().startsWith("bearer "))
      return reply.code(401).header("www-authenticate", 'Bearer error="invalid_token"').send();
    try {
      const claims = await options.tokens.verifyAccessToken(header.slice(7).trim());
      const user = claims.idtyp === "user" ? options.state.getUser(claims.oid) : undefined;
      if (!user) return reply.code(401).header("www-authenticate", 'Bearer error="invalid_token"').send();
      const home = options.state.homeAccountOf(user);
      const app = options.state.getApp(claims.appid);
      return {
        sub: pairwiseSubject(user.id, claims.appid),
        name: user.displayName,
        family_name: user.surname,
        given_name: user.givenName,
        ...(app ? { email: emailClaims(options.state, app, home, claims.tid).email } : {}),
        picture: `${options.tokens.authorityHost}/v1.0/me/photo/$value`,
      };
    } catch (error) {
      if (error instanceof AccessTokenError)
        return reply
          .code(401)
          .header("www-authenticate", `Bearer error="invalid_token", error_description="${error.message}"`)
          .send();
      throw error;
    }
  });
}
