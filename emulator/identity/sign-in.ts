// Who a sign-in lands as. A home account authenticates with its password; the authority decides
// which directory issues the tokens: the home tenant for common/organizations, the named tenant
// otherwise — where the account must exist, as a member or as a guest that redeemed (else AADSTS50020,
// the seed's first wall). A pending guest signing in there redeems just in time, as in Entra, when
// the account's sign-in name is the invited address.
import type { EmulatorState } from "../state/store";
import type { AppRegistration, Tenant, User } from "../state/types";
import type { Authority } from "./authority";
import { homeIssuer } from "./authority";
import { aadsts } from "./errors";
import { isPersonalAccountTenant, notEnabledForConsumers, PERSONAL_ACCOUNTS_TENANT_NAME } from "./personal-accounts";

export function checkPassword(state: EmulatorState, signInName: string, password: string, authority: Authority): User {
  const home = state.findHomeAccount(signInName.trim());
  if (!home) {
    throw authority.tenant ? aadsts.userNotFound(authority.tenant.displayName) : aadsts.userNotFound("any");
  }
  if (home.password !== password) throw aadsts.invalidPassword();
  if (!home.accountEnabled) throw aadsts.userDisabled();
  return home;
}

export interface SignedInPrincipal {
  /** The directory issuing the tokens. */
  tenant: Tenant;
  /** The user object in that directory (a guest object for guests). */
  user: User;
  /** The account that typed the password. */
  home: User;
  isGuest: boolean;
}

/** Resolves the directory object for a home account at an authority; throws AADSTS50020 & co. */
export function resolvePrincipal(
  state: EmulatorState,
  home: User,
  authority: Authority,
  app: AppRegistration,
): SignedInPrincipal {
  const homeTenant = state.getTenant(home.tenantId)!;
  if (!authority.tenant && isPersonalAccountTenant(home.tenantId)) {
    // `organizations` serves work and school accounts only; `common` sends a personal account to
    // its own service, which serves only apps that accept personal accounts.
    if (authority.kind === "organizations") {
      throw aadsts.userNotInTenant(
        home.userPrincipalName,
        homeIssuer(home.tenantId),
        PERSONAL_ACCOUNTS_TENANT_NAME,
        app.appId,
        app.displayName,
      );
    }
    if (app.signInAudience !== "AzureADandPersonalMicrosoftAccount") throw notEnabledForConsumers();
  }
  if (!authority.tenant || authority.tenant.id === home.tenantId) {
    if (app.signInAudience === "AzureADMyOrg" && app.homeTenantId !== home.tenantId) {
      throw aadsts.userNotInTenant(
        home.userPrincipalName,
        homeIssuer(home.tenantId),
        state.getTenant(app.homeTenantId)?.displayName ?? app.homeTenantId,
        app.appId,
        app.displayName,
      );
    }
    return { tenant: homeTenant, user: home, home, isGuest: false };
  }
  const tenant = authority.tenant;
  let guest = state.findRedeemedGuest(tenant.id, home);
  if (!guest) {
    // By sign-in name, not by the `mail` attribute (which any tenant's admin can set to anything).
    const address = home.userPrincipalName;
    const pending = state
      .usersInTenant(tenant.id)
      .find(
        (user) =>
          user.externalUserState === "PendingAcceptance" && state.findUserByMail(tenant.id, address)?.id === user.id,
      );
    if (pending) {
      state.redeemInvitation(pending, home);
      guest = pending;
    }
  }
  if (!guest) {
    throw aadsts.userNotInTenant(
      home.userPrincipalName,
      homeIssuer(home.tenantId),
      tenant.displayName,
      app.appId,
      app.displayName,
    );
  }
  if (!guest.accountEnabled) throw aadsts.userDisabled();
  return { tenant, user: guest, home, isGuest: true };
}
