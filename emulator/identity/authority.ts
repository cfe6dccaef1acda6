// The tenant segment of an authority URL (`/{tenant}/oauth2/v2.0/...`): a tenant id, one of its
// domains, or the multi-tenant aliases. Entra resolves it before anything else.
import type { EmulatorState } from "../state/store";
import type { Tenant } from "../state/types";
import { aadsts } from "./errors";
import { isPersonalAccountTenant, PERSONAL_ACCOUNT_IDP } from "./personal-accounts";

export type Authority =
  | { kind: "tenant"; segment: string; tenant: Tenant }
  | { kind: "common" | "organizations"; segment: string; tenant: null };

export function resolveAuthority(state: EmulatorState, segment: string): Authority {
  const lower = segment.toLowerCase();
  if (lower === "common" || lower === "organizations") return { kind: lower, segment: lower, tenant: null };
  const tenant = state.resolveTenant(segment);
  if (!tenant) throw aadsts.tenantNotFound(segment);
  return { kind: "tenant", segment, tenant };
}

/** The issuer Entra names for a home account in sign-in errors (v1 style, as in AADSTS50020) and in a guest's `idp`; "live.com" for personal accounts. */
export const homeIssuer = (tenantId: string) =>
  isPersonalAccountTenant(tenantId) ? PERSONAL_ACCOUNT_IDP : `https://sts.windows.net/${tenantId}/`;
