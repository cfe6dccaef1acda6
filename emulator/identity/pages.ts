// The identity platform's interactive pages: sign-in (pick or type an account), consent, "need admin
// approval", sign-in errors, and the form_post response. Stable ids/names for Playwright and for
// scripted clients (emulator/identity/scripted-browser.ts).
import type { User } from "../state/types";
import { BRAND, escapeHtml, page } from "../ui/html";
import type { IdentityError } from "./errors";
import { describeScope } from "./scopes";

export interface SignInPageInput {
  transactionId: string;
  heading: string;
  appName: string;
  /** Where the sign-in lands: "Contoso", or "your organization" for common. */
  directoryName: string;
  loginHint: string | null;
  accounts: User[];
  error: string | null;
  /** For the redemption page: who was invited. */
  note?: string;
  /** Other ways on, e.g. creating the invited account or a one-time passcode on the redemption page. */
  extraActions?: { action: string; label: string; id: string; explanation: string }[];
  /** The demo scenario's password, while accounts that use it exist (see demoPassword() in authorize.ts). */
  demoPassword?: string;
}

export function signInPage(input: SignInPageInput): string {
  const accounts =
    input.accounts.length > 0
      ? `<p class="muted">Pick an account</p><form method="post" action="/login/${escapeHtml(input.transactionId)}/account">${input.accounts
          .map(
            (account) =>
              `<button class="account" type="submit" name="account" value="${escapeHtml(account.id)}" data-testid="account-${escapeHtml(account.userPrincipalName)}"><span><b>${escapeHtml(account.displayName)}</b><br><span class="muted">${escapeHtml(account.userPrincipalName)}</span></span></button>`,
          )
          .join("")}</form><p class="muted">Or use another account:</p>`
      : "";
  return page(
    input.heading,
    `${BRAND}<h1>${escapeHtml(input.heading)}</h1>
<p class="muted">to continue to <b>${escapeHtml(input.appName)}</b> (${escapeHtml(input.directoryName)})</p>
${input.note ? `<p>${escapeHtml(input.note)}</p>` : ""}
${input.error ? `<p class="error" role="alert" id="signin-error">${escapeHtml(input.error)}</p>` : ""}
${accounts}
<form method="post" action="/login/${escapeHtml(input.transactionId)}">
<label for="username">Email, phone, or Skype</label>
<input type="email" id="username" name="username" autocomplete="username" required value="${escapeHtml(input.loginHint ?? "")}">
<label for="password">Password</label>
<input type="password" id="password" name="password" autocomplete="current-password" required>
<div class="buttons"><button class="primary" type="submit" id="signin-submit">Sign in</button></div>
</form>
${(input.extraActions ?? [])
  .map(
    (extra) =>
      `<form method="post" action="${escapeHtml(extra.action)}"><p class="muted">${escapeHtml(extra.explanation)}</p><div class="buttons"><button type="submit" id="${escapeHtml(extra.id)}">${escapeHtml(extra.label)}</button></div></form>`,
  )
  .join("")}
${
  input.demoPassword
    ? `<p class="hint" id="demo-password-hint">Emulator demo: every demo account (admin@contoso.com, support@contoso.com, alice@fabrikam.com, …) signs in with the password <b><code>${escapeHtml(input.demoPassword)}</code></b>.</p>`
    : ""
}`,
  );
}

export interface ConsentPageInput {
  transactionId: string;
  appName: string;
  publisherTenant: string;
  account: User;
  scopes: string[];
  canConsentForOrganization: boolean;
  organizationName: string;
}

export function consentPage(input: ConsentPageInput): string {
  const scopes = input.scopes
    .map(
      (scope) =>
        `<li><b>${escapeHtml(describeScope(scope))}</b> <span class="muted">(${escapeHtml(scope)})</span></li>`,
    )
    .join("");
  const organization = input.canConsentForOrganization
    ? `<label><input type="checkbox" name="consent_for_organization" value="true" id="consent-for-organization"> Consent on behalf of your organization (${escapeHtml(input.organizationName)})</label>`
    : "";
  return page(
    "Permissions requested",
    `${BRAND}<p class="muted">${escapeHtml(input.account.userPrincipalName)}</p><h1>Permissions requested</h1>
<p><b>${escapeHtml(input.appName)}</b><br><span class="muted">registered in ${escapeHtml(input.publisherTenant)}</span></p>
<p>This app would like to:</p><ul class="scopes" id="consent-scopes">${scopes}</ul>
<form method="post" action="/consent/${escapeHtml(input.transactionId)}">${organization}
<p class="muted">Accepting these permissions means that you allow this app to use your data as specified in their terms of service and privacy statement.</p>
<div class="buttons"><button type="submit" name="decision" value="cancel" id="consent-cancel">Cancel</button><button class="primary" type="submit" name="decision" value="accept" id="consent-accept">Accept</button></div></form>`,
  );
}

export function adminApprovalPage(input: {
  transactionId: string;
  appName: string;
  account: User;
  adminConsentUrl: string;
  error: IdentityError;
}): string {
  return page(
    "Need admin approval",
    `${BRAND}<p class="muted">${escapeHtml(input.account.userPrincipalName)}</p><h1 id="admin-approval-heading">Need admin approval</h1>
<p><b>${escapeHtml(input.appName)}</b> needs permission to access resources in your organization that only an admin can grant. Please ask an admin to grant permission to this app before you can use it.</p>
<p class="muted">An admin can grant it at <a href="${escapeHtml(input.adminConsentUrl)}" id="admin-consent-link">${escapeHtml(input.adminConsentUrl)}</a></p>
<p class="code" id="error-code">${escapeHtml(input.error.description)}</p>
<form method="post" action="/consent/${escapeHtml(input.transactionId)}"><div class="buttons"><button type="submit" name="decision" value="return" id="admin-approval-return">Return to the application without granting consent</button></div></form>`,
  );
}

export function errorPage(error: IdentityError, heading = "Sorry, but we're having trouble signing you in."): string {
  const code = error.code === null ? error.error : `AADSTS${error.code}`;
  return page(
    heading,
    `${BRAND}<h1>${escapeHtml(heading)}</h1><p class="code" id="error-code" data-error-code="${escapeHtml(code)}">${escapeHtml(error.description)}</p>
<p class="muted">Troubleshooting details: error <b>${escapeHtml(error.error)}</b>, code ${escapeHtml(code)}. <a href="/">What the emulator holds</a></p>`,
  );
}

/** response_mode=form_post: a self-submitting form to the redirect URI. */
export function formPostPage(redirectUri: string, parameters: Record<string, string>): string {
  const fields = Object.entries(parameters)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join("");
  return `<!doctype html><html><head><title>Working...</title></head><body onload="document.forms[0].submit()"><form method="post" action="${escapeHtml(redirectUri)}">${fields}<noscript><p>Script is disabled. Click Submit to continue.</p><button type="submit">Submit</button></noscript></form></body></html>`;
}
