// The identity platform's routes (login.microsoftonline.com paths) on the emulator's origin.
import type { FastifyInstance } from "fastify";
import type { EmulatorState } from "../state/store";
import { registerAdminConsentRoutes } from "./admin-consent";
import { registerAuthorizeRoutes, type InteractiveOptions } from "./authorize";
import { registerDiscoveryRoutes } from "./discovery";
import { registerRedeemRoutes } from "./redeem";
import { InteractionStore } from "./sessions";
import { registerTokenEndpoint } from "./token-endpoint";
import type { TokenService } from "./tokens";
import { registerUserInfoRoute } from "./userinfo";

export interface IdentityPluginOptions {
  state: EmulatorState;
  tokens: TokenService;
  /** Filled in once the server listens; read at request time. */
  origin: { url: string };
  /** Sign-in sessions and pending sign-ins; one per emulator. */
  interactions: InteractionStore;
}

export async function identityPlugin(app: FastifyInstance, options: IdentityPluginOptions): Promise<void> {
  const { state, tokens, origin, interactions } = options;
  const shared: InteractiveOptions & { graphBaseUrl: string } = {
    state,
    tokens,
    interactions,
    get authorityHost() {
      return origin.url;
    },
    get graphBaseUrl() {
      return origin.url;
    },
  };
  registerDiscoveryRoutes(app, shared);
  registerTokenEndpoint(app, shared);
  registerAuthorizeRoutes(app, shared);
  registerAdminConsentRoutes(app, shared);
  registerRedeemRoutes(app, shared);
  registerUserInfoRoute(app, shared);
}
