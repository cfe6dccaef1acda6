import "server-only";
import type { CatalogueEntry } from "./catalogue-types";

/**
 * Errors of the Microsoft identity platform (sign-in, consent, token endpoint) by AADSTS code.
 * Wording follows what staff can actually change in the Azure portal (App registrations /
 * Enterprise applications / External Identities). OAuth error names: catalogue-oauth.ts.
 */
const REGISTRATION = "Azure portal → Microsoft Entra ID → App registrations → Guestpass";

export const identityErrors: readonly CatalogueEntry[] = [
  {
    key: "AADSTS50020",
    title: "The account is not a member or guest of the tenant",
    meaning:
      "The person signed in with an account that does not exist in your tenant. A single-tenant sign-in only admits users of the tenant, so an external user must be invited (and redeem the invitation) first — or the consent must use the common authority.",
    fix: [
      "Invite the address from Guestpass and wait until the invitation shows Accepted.",
      "If the user is already invited, ask them to sign in with exactly the invited address (they may have picked another account in the account picker).",
      "Check that CONSENT_AUTHORITY is common (the default) for the consent flow.",
    ],
    invitedUserMessage:
      "The account you signed in with has not been added to this organisation yet. Open the invitation email first, or sign in with the address the invitation was sent to.",
    audience: "both",
    transient: false,
  },
  {
    key: "AADSTS50011",
    title: "Redirect URI does not match the app registration",
    meaning:
      "Microsoft refused to send the user back because the reply URL in the request is not one of the redirect URIs registered for the app (an exact match: scheme, host, port, path and trailing slash all count).",
    fix: [
      `${REGISTRATION} → Authentication → Web → add <APP_URL>/consent/callback and <APP_URL>/api/auth/callback/microsoft-entra-id.`,
      "Make sure APP_URL is the public address users see (https in production, no trailing slash).",
    ],
    invitedUserMessage:
      "This sign-in link is not set up correctly on our side. Please let the person who invited you know; nothing is wrong with your account.",
    audience: "staff",
    transient: false,
  },
  {
    key: "AADSTS50194",
    title: "The app is not configured as multi-tenant",
    meaning:
      "A user from another organisation tried to sign in through the common or organizations endpoint, but the app registration only accepts accounts of its own tenant.",
    fix: [
      `${REGISTRATION} → Authentication → Supported account types → "Accounts in any organizational directory (and personal Microsoft accounts)".`,
      "Or set CONSENT_AUTHORITY to your tenant id — but guests then hit MailboxNotEnabledForRESTAPI when sending mail.",
    ],
    invitedUserMessage:
      "This organisation's app does not accept accounts from other organisations yet. Please let the person who invited you know.",
    audience: "staff",
    transient: false,
  },
  {
    key: "AADSTS54005",
    title: "The authorization code was already used",
    meaning:
      "The one-time code Microsoft returned after consent was presented twice (a double submit, a refresh of the callback page, or a replay). The first use may have succeeded.",
    fix: ["Check whether the grant is already Consented; if not, send the user a fresh consent link."],
    invitedUserMessage:
      "This page was opened twice. If you saw a success page before, you are done; otherwise open your consent link again.",
    audience: "both",
    transient: false,
  },
  {
    key: "AADSTS65001",
    title: "Consent has not been given",
    meaning:
      "The user or an administrator has not consented to the permissions the app asked for. For app-only calls this means admin consent for the application permissions is missing.",
    fix: [
      `${REGISTRATION} → API permissions → "Grant admin consent for <tenant>" (for User.Invite.All, User.Read.All…).`,
      "For an invited user: send them a fresh consent link so they can consent.",
    ],
    invitedUserMessage: "Permission for this app has not been given yet. Open your consent link and choose Accept.",
    audience: "both",
    transient: false,
  },
  {
    key: "AADSTS65004",
    title: "The user declined consent",
    meaning: "The user chose Cancel on Microsoft's permission screen, so no tokens were issued.",
    fix: [
      "Ask the user whether they meant to decline, explain what the permissions are for, and send a fresh consent link.",
    ],
    invitedUserMessage:
      "You chose not to give permission, so nothing was shared. If that was a mistake, open your consent link again.",
    audience: "both",
    transient: false,
  },
  {
    key: "AADSTS70008",
    title: "The code or refresh token has expired",
    meaning:
      "The authorization code or refresh token is too old (codes live minutes; refresh tokens lapse after a period without use). The stored consent can no longer be renewed.",
    fix: ["Send the user a fresh consent link; once they consent again the grant becomes usable."],
    invitedUserMessage: "Your earlier permission has expired. Please open the new consent link you received.",
    audience: "both",
    transient: false,
  },
  {
    key: "AADSTS700082",
    title: "Refresh token expired through inactivity",
    meaning:
      "The user's refresh token was not used for too long (90 days by default) and Microsoft no longer accepts it.",
    fix: [
      "Send the user a fresh consent link.",
      "Keep the refresh job running so active grants are renewed before they lapse.",
    ],
    invitedUserMessage: "Your earlier permission has expired. Please open the new consent link you received.",
    audience: "staff",
    transient: false,
  },
  {
    key: "AADSTS50173",
    title: "The grant was revoked",
    meaning:
      "The refresh token is no longer valid because the user changed their password, an admin revoked their sessions, or consent was withdrawn.",
    fix: ["Send the user a fresh consent link."],
    invitedUserMessage:
      "Your permission was withdrawn or your password changed. Please open the new consent link you received.",
    audience: "staff",
    transient: false,
  },
  {
    key: "AADSTS7000215",
    title: "Invalid client secret",
    meaning:
      "The client secret Guestpass sent is wrong. A common slip is pasting the secret's ID instead of its Value.",
    fix: [
      `${REGISTRATION} → Certificates & secrets → New client secret; copy the Value (shown only once).`,
      "Put it in AZURE_CLIENT_SECRET and restart the portal and the worker.",
      "Prefer a certificate (AZURE_CLIENT_CERTIFICATE_PATH): it cannot be mistyped and lasts longer.",
    ],
    audience: "staff",
    transient: false,
  },
  {
    key: "AADSTS7000222",
    title: "The client secret has expired",
    meaning: "The app registration's client secret has passed its expiry date, so no token can be obtained.",
    fix: [
      `${REGISTRATION} → Certificates & secrets → New client secret; update AZURE_CLIENT_SECRET and restart.`,
      "Or switch to a certificate (AZURE_CLIENT_CERTIFICATE_PATH).",
    ],
    audience: "staff",
    transient: false,
  },
  {
    key: "AADSTS700027",
    title: "The certificate is not registered on the app",
    meaning:
      "The certificate Guestpass signed its request with is not among the app registration's certificates (or has expired).",
    fix: [
      `${REGISTRATION} → Certificates & secrets → Certificates → upload the public certificate of AZURE_CLIENT_CERTIFICATE_PATH.`,
    ],
    audience: "staff",
    transient: false,
  },
  {
    key: "AADSTS700016",
    title: "Application not found in the directory",
    meaning:
      "No app with this client id exists in the tenant used for sign-in: a wrong AZURE_CLIENT_ID or AZURE_TENANT_ID, or a single-tenant app used from another tenant.",
    fix: [
      `Compare AZURE_CLIENT_ID and AZURE_TENANT_ID with ${REGISTRATION} → Overview (Application (client) ID, Directory (tenant) ID).`,
      "For users of other organisations, the app must be multi-tenant (Authentication → Supported account types).",
    ],
    invitedUserMessage: "This app is not set up for your organisation. Please let the person who invited you know.",
    audience: "staff",
    transient: false,
  },
  {
    key: "AADSTS90002",
    title: "Tenant not found",
    meaning: "The tenant in the sign-in address does not exist — AZURE_TENANT_ID (or CONSENT_AUTHORITY) is mistyped.",
    fix: ["Copy the Directory (tenant) ID from the Azure portal → Microsoft Entra ID → Overview into AZURE_TENANT_ID."],
    audience: "staff",
    transient: false,
  },
  {
    key: "AADSTS90094",
    title: "An administrator must approve this app",
    meaning:
      "The user's organisation does not let users consent to apps themselves; one of their administrators has to grant consent for the whole organisation.",
    fix: [
      "Give the user the admin-consent link shown on the consent page so they can forward it to their IT administrator.",
      "Once their admin approves, the user opens the consent link again.",
    ],
    invitedUserMessage:
      "Your organisation requires an administrator to approve this app. Forward the link below to your IT administrator; after they approve, open your consent link again.",
    audience: "both",
    transient: false,
  },
  {
    key: "AADSTS500113",
    title: "No reply address registered",
    meaning: "The app registration has no redirect URI at all for the Web platform.",
    fix: [`${REGISTRATION} → Authentication → Add a platform → Web → add <APP_URL>/consent/callback.`],
    audience: "staff",
    transient: false,
  },
  {
    key: "AADSTS501481",
    title: "PKCE check failed",
    meaning:
      "The code verifier sent with the code does not match the challenge sent at the start of the consent. Usually the consent was started in another browser tab or its state expired.",
    fix: ["Ask the user to open the consent link again in one browser tab and finish there."],
    invitedUserMessage:
      "This sign-in was started in another window or took too long. Please open your consent link again.",
    audience: "both",
    transient: false,
  },
  {
    key: "AADSTS53003",
    title: "Blocked by Conditional Access",
    meaning: "A Conditional Access policy (in your tenant or the user's) blocked this sign-in.",
    fix: [
      "Check the sign-in log in Microsoft Entra ID → Sign-in logs (search by the correlation id) to find the policy.",
    ],
    invitedUserMessage:
      "Your organisation's security policy blocked this sign-in. Please contact your IT administrator.",
    audience: "both",
    transient: false,
  },
  {
    key: "AADSTS50034",
    title: "The account does not exist",
    meaning:
      "No account with this sign-in name exists in the directory the user signed in to — usually a typo, or a personal address that is not a Microsoft account.",
    fix: ["Check the invited address with the user; they must sign in with exactly that account."],
    invitedUserMessage:
      "We could not find that account. Check the address you typed, or sign in with the address the invitation was sent to.",
    audience: "both",
    transient: false,
  },
  {
    key: "AADSTS50105",
    title: "The user is not assigned to the app",
    meaning:
      "The app requires user assignment and this account has no role on it (for staff: neither Guestpass.Admin nor Guestpass.Support).",
    fix: [
      "Azure portal → Microsoft Entra ID → Enterprise applications → Guestpass → Users and groups → Add user/group → choose Guestpass.Admin or Guestpass.Support.",
    ],
    invitedUserMessage:
      "Your account has not been given access to this app. Please contact the person who invited you.",
    audience: "staff",
    transient: false,
  },
  {
    key: "AADSTS50076",
    title: "Multi-factor authentication is required",
    meaning:
      "A policy requires the user to complete multi-factor authentication, which needs them present in a browser.",
    fix: ["Send the user a fresh consent link (or ask the staff member to sign in again) so they complete the prompt."],
    invitedUserMessage:
      "Your organisation needs you to confirm your sign-in. Please open the new consent link you received.",
    audience: "both",
    transient: false,
  },
];
