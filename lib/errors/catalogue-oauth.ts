import "server-only";
import type { CatalogueEntry } from "./catalogue-types";

/**
 * OAuth 2.0 error names (RFC 6749 and OpenID Connect) as the identity platform and MSAL return
 * them. Used when no AADSTS code is present, or when the AADSTS code is not in the catalogue.
 */
const REGISTRATION = "Azure portal → Microsoft Entra ID → App registrations → Guestpass";

export const oauthErrors: readonly CatalogueEntry[] = [
  {
    key: "invalid_grant",
    title: "The stored consent can no longer be used",
    meaning:
      "Microsoft rejected the code or refresh token (expired, revoked, password changed or consent withdrawn). Trying again will not help.",
    fix: ["Send the user a fresh consent link."],
    invitedUserMessage: "Your earlier permission is no longer valid. Please open the new consent link you received.",
    audience: "staff",
    transient: false,
  },
  {
    key: "invalid_scope",
    title: "A requested permission is not valid",
    meaning: "A scope in the request does not exist or is malformed (for example a typo in CONSENT_SCOPES).",
    fix: ["Check CONSENT_SCOPES: it must include openid offline_access and valid Graph permissions such as Mail.Send."],
    audience: "staff",
    transient: false,
  },
  {
    key: "interaction_required",
    title: "The user must sign in again",
    meaning:
      "Microsoft needs the user present (multi-factor authentication, a new policy, or changed terms) before issuing tokens.",
    fix: ["Send the user a fresh consent link so they complete the prompt interactively."],
    invitedUserMessage: "Your organisation needs you to sign in again. Please open the new consent link you received.",
    audience: "staff",
    transient: false,
  },
  {
    key: "consent_required",
    title: "Consent is needed for a permission",
    meaning:
      "The user has not consented to one of the permissions requested (it may have been added since they consented).",
    fix: ["Send the user a fresh consent link."],
    invitedUserMessage: "This app needs your permission again. Please open your consent link.",
    audience: "both",
    transient: false,
  },
  {
    key: "access_denied",
    title: "Sign-in or consent was refused",
    meaning: "The user cancelled, or their organisation refused the request.",
    fix: ["Ask the user what happened; send a fresh consent link if they want to try again."],
    invitedUserMessage:
      "Permission was not given, so nothing was shared. You can open your consent link again at any time.",
    audience: "both",
    transient: false,
  },
  {
    key: "invalid_client",
    title: "The app's credentials were rejected",
    meaning: "Microsoft did not accept Guestpass's client id, secret or certificate.",
    fix: ["Check AZURE_CLIENT_ID, AZURE_CLIENT_SECRET / AZURE_CLIENT_CERTIFICATE_PATH against the app registration."],
    audience: "staff",
    transient: false,
  },
  {
    key: "unauthorized_client",
    title: "The app may not use this sign-in flow",
    meaning:
      "The app registration does not allow this grant type (for example it is not a Web app with a secret or certificate).",
    fix: [`${REGISTRATION} → Authentication: add the Web platform; make sure the app is a confidential (web) client.`],
    audience: "staff",
    transient: false,
  },
  {
    key: "temporarily_unavailable",
    title: "Microsoft sign-in is temporarily unavailable",
    meaning: "The identity service is busy or failing. Nothing is wrong with the configuration.",
    fix: ["Wait a few minutes and try again; Guestpass jobs retry on their own."],
    invitedUserMessage: "Microsoft's sign-in service is busy. Please try again in a few minutes.",
    audience: "both",
    transient: true,
  },
  {
    key: "server_error",
    title: "Microsoft sign-in failed on its side",
    meaning: "The identity service reported an internal error.",
    fix: ["Try again later; if it persists, quote the correlation id to Microsoft support."],
    invitedUserMessage: "Microsoft's sign-in service had a problem. Please try again in a few minutes.",
    audience: "both",
    transient: true,
  },
  {
    key: "endpoints_resolution_error",
    title: "Could not read the sign-in service's configuration",
    meaning:
      "MSAL could not fetch the identity platform's OpenID configuration: MICROSOFT_AUTHORITY_HOST is unreachable or not trusted (TLS), or AZURE_TENANT_ID does not exist there.",
    fix: [
      "Check MICROSOFT_AUTHORITY_HOST and AZURE_TENANT_ID.",
      "With the emulator, start the process with NODE_EXTRA_CA_CERTS pointing at the emulator's ca.pem.",
    ],
    audience: "staff",
    transient: false,
  },
  {
    key: "network_error",
    title: "Could not reach the sign-in service",
    meaning: "The request to the identity platform failed before an answer came back (DNS, TLS, proxy or timeout).",
    fix: ["Check outbound network access to MICROSOFT_AUTHORITY_HOST; jobs retry on their own."],
    audience: "staff",
    transient: true,
  },
];
