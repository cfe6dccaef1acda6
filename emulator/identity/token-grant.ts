// What a grant handler of the token endpoint is given: the emulator, the authority, the
// authenticated app and the request's form. Apart from the endpoint so that the handlers
// (client credentials here, user grants in user-grants.ts) and the endpoint do not import each other.
import type { EmulatorState } from "../state/store";
import type { AppRegistration } from "../state/types";
import type { Authority } from "./authority";
import type { TokenService } from "./tokens";

export interface TokenEndpointOptions {
  state: EmulatorState;
  tokens: TokenService;
  authorityHost: string;
}

export type TokenForm = Record<string, string | undefined>;

export interface GrantContext {
  options: TokenEndpointOptions;
  authority: Authority;
  app: AppRegistration;
  appidacr: "1" | "2";
  form: TokenForm;
}

export function parseScopes(value: string | undefined): string[] {
  return (value ?? "").split(/\s+/).filter(Boolean);
}
