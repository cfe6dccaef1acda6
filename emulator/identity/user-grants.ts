// Grants that act for a user: authorization_code and refresh_token. (Filled in after milestone 1.)
import type { GrantContext } from "./token-endpoint";
import { aadsts } from "./errors";

export async function redeemAuthorizationCode(context: GrantContext): Promise<Record<string, unknown>> {
  throw aadsts.unsupportedGrant(context.form.grant_type ?? "authorization_code");
}

export async function redeemRefreshToken(context: GrantContext): Promise<Record<string, unknown>> {
  throw aadsts.unsupportedGrant(context.form.grant_type ?? "refresh_token");
}
