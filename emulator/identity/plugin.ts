// The identity platform's routes (login.microsoftonline.com paths) on the emulator's origin.
import type { FastifyInstance } from "fastify";
import type { EmulatorState } from "../state/store";
import { registerDiscoveryRoutes } from "./discovery";
import { registerTokenEndpoint } from "./token-endpoint";
import type { TokenService } from "./tokens";

export interface IdentityPluginOptions {
  state: EmulatorState;
  tokens: TokenService;
  /** Filled in once the server listens; read at request time. */
  origin: { url: string };
}

export async function identityPlugin(app: FastifyInstance, options: IdentityPluginOptions): Promise<void> {
  const { state, tokens, origin } = options;
  const shared = {
    state,
    tokens,
    get authorityHost() {
      return origin.url;
    },
    get graphBaseUrl() {
      return origin.url;
    },
  };
  registerDiscoveryRoutes(app, shared);
  registerTokenEndpoint(app, shared);
}
