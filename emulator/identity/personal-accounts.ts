// Personal Microsoft accounts (outlook.com, hotmail.com, live.com) live in the one tenant Microsoft
// keeps for them, "Microsoft Services" (id-token-claims-reference, `tid`: "For sign-ins to the
// personal Microsoft account tenant … the value is 9188040d-6c67-4c5b-b112-36a304b66dad"). What
// differs from a work account:
// - they sign in at `common` (or `consumers`) only, and only to an app whose supported account types
//   include personal accounts (signInAudience AzureADandPersonalMicrosoftAccount); otherwise Microsoft
//   answers "unauthorized_client: The client does not exist or is not enabled for consumers";
// - as a B2B guest elsewhere their tokens name `idp: "live.com"` (external-id/user-token,
//   id-token-claims-reference `idp`);
// - nobody administers the tenant, so there is no admin consent and no consent policy: the person
//   decides alone;
// - directory permissions do not apply to them (Graph's permissions reference: "Delegated (personal
//   Microsoft account): Not supported"); asking for one is `invalid_scope`.
import { IdentityError } from "./errors";

export const PERSONAL_ACCOUNTS_TENANT_ID = "9188040d-6c67-4c5b-b112-36a304b66dad";
export const PERSONAL_ACCOUNTS_TENANT_NAME = "Microsoft Services";
/** The identity provider Entra names for a personal account (the `idp` claim, AADSTS50020's text). */
export const PERSONAL_ACCOUNT_IDP = "live.com";

export const isPersonalAccountTenant = (tenantId: string) => tenantId.toLowerCase() === PERSONAL_ACCOUNTS_TENANT_ID;

/** Delegated permissions of the emulator's catalogue that Graph does not offer to personal accounts. */
const DIRECTORY_PERMISSIONS = new Set([
  "User.ReadBasic.All",
  "User.Read.All",
  "User.ReadWrite.All",
  "User.Invite.All",
  "Directory.Read.All",
  "Mail.Send.Shared",
]);

/** The first requested scope a personal account cannot be given, if any. */
export function scopeNotForPersonalAccounts(scopes: string[]): string | undefined {
  return scopes.find((scope) => DIRECTORY_PERMISSIONS.has(scope));
}

/** What the personal-account service answers an app that does not accept personal accounts (no AADSTS code). */
export const notEnabledForConsumers = () =>
  new IdentityError(
    "unauthorized_client",
    null,
    "The client does not exist or is not enabled for consumers. If you are the application developer, configure a new application through the App Registrations in the Azure Portal.",
  );

export const scopeNotValidForPersonalAccount = (scope: string) =>
  new IdentityError(
    "invalid_scope",
    null,
    `The provided value for the input parameter 'scope' is not valid. The scope '${scope}' is not valid.`,
  );
