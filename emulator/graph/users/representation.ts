// How a directory user looks through Graph v1.0: the full property bag, which properties come
// back without $select (Graph's default set leaves out userType and externalUserState, so callers
// must ask for them), and which ones $filter accepts.
import { isPersonalAccountTenant } from "../../identity/personal-accounts";
import type { User } from "../../state/types";
import type { CollectionSchema } from "../odata/query";

export const USER_SCHEMA: CollectionSchema = {
  typeName: "Microsoft.DirectoryServices.User",
  properties: [
    "id",
    "accountEnabled",
    "businessPhones",
    "createdDateTime",
    "creationType",
    "displayName",
    "externalUserState",
    "externalUserStateChangeDateTime",
    "givenName",
    "jobTitle",
    "mail",
    "mailNickname",
    "mobilePhone",
    "officeLocation",
    "otherMails",
    "preferredLanguage",
    "proxyAddresses",
    "surname",
    "userPrincipalName",
    "userType",
    "identities",
  ],
  defaultProperties: [
    "businessPhones",
    "displayName",
    "givenName",
    "jobTitle",
    "mail",
    "mobilePhone",
    "officeLocation",
    "preferredLanguage",
    "surname",
    "userPrincipalName",
    "id",
  ],
  filterableProperties: [
    "id",
    "accountEnabled",
    "creationType",
    "displayName",
    "externalUserState",
    "givenName",
    "mail",
    "mailNickname",
    "otherMails",
    "proxyAddresses",
    "surname",
    "userPrincipalName",
    "userType",
  ],
};

export function toGraphUser(user: User): Record<string, unknown> {
  const mailNickname = user.userPrincipalName.split("@")[0] ?? user.userPrincipalName;
  return {
    id: user.id,
    accountEnabled: user.accountEnabled,
    businessPhones: [],
    createdDateTime: user.createdDateTime,
    creationType: user.externalUserState !== null ? "Invitation" : null,
    displayName: user.displayName,
    externalUserState: user.externalUserState,
    externalUserStateChangeDateTime: user.externalUserStateChangeDateTime,
    givenName: user.givenName,
    jobTitle: null,
    mail: user.mail,
    mailNickname,
    mobilePhone: null,
    officeLocation: null,
    otherMails: [...user.otherMails],
    preferredLanguage: null,
    proxyAddresses: user.mail ? [`SMTP:${user.mail}`] : [],
    surname: user.surname,
    userPrincipalName: user.userPrincipalName,
    userType: user.userType,
    identities: identitiesOf(user),
  };
}

/**
 * `identities` (objectIdentity): every user signs in by its UPN; a redeemed guest also has the
 * federated identity it redeemed with — `ExternalAzureAD` (a work account), `MicrosoftAccount`
 * (a personal one) or `mail` (an email one-time passcode).
 */
function identitiesOf(user: User): { signInType: string; issuer: string; issuerAssignedId: string | null }[] {
  const upnDomain = user.userPrincipalName.split("@").at(-1) ?? "";
  const identities: { signInType: string; issuer: string; issuerAssignedId: string | null }[] = [
    { signInType: "userPrincipalName", issuer: upnDomain, issuerAssignedId: user.userPrincipalName },
  ];
  if (user.redeemedWithPasscode)
    identities.push({ signInType: "federated", issuer: "mail", issuerAssignedId: user.mail ?? user.userPrincipalName });
  else if (user.redeemedBy) {
    identities.push({
      signInType: "federated",
      issuer: isPersonalAccountTenant(user.redeemedBy.tenantId) ? "MicrosoftAccount" : "ExternalAzureAD",
      issuerAssignedId: null,
    });
  }
  return identities;
}

/**
 * The guest UPN Entra builds for an invited address: the '@' becomes '_', then
 * `#EXT#@` and the inviting tenant's initial domain.
 */
export function guestUserPrincipalName(address: string, tenantDomain: string): string {
  return `${address.replace("@", "_")}#EXT#@${tenantDomain}`;
}
