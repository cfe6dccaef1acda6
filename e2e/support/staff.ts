// Staff sign-in through the emulator's own sign-in page, the way a person does it.
import { randomBytes } from "node:crypto";
import { expect, type Page } from "@playwright/test";
import { DEMO_TENANTS } from "../../emulator/state/default-scenario";
import { emulatorControl } from "./stack";

export const DEMO_PASSWORD = "Passw0rd!";
export const STAFF = {
  admin: "admin@contoso.com",
  support: "support@contoso.com",
} as const;

export async function signInAs(page: Page, upn: string, returnTo = "/invitations"): Promise<void> {
  await page.goto(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  await page.getByRole("button", { name: "Sign in with Microsoft" }).click();
  // The emulator's page (https://localhost:…): type the account, as on login.microsoftonline.com.
  await page.locator("#username").fill(upn);
  await page.locator("#password").fill(DEMO_PASSWORD);
  await page.locator("#signin-submit").click();
  await expect(page).toHaveURL(new RegExp(`^http://localhost:\\d+${returnTo.replace(/[/?]/g, "\\$&")}`));
}

/** Signs in with the account the invitation was sent to and accepts it on the redemption page. */
export async function redeemInvitation(page: Page, redeemUrl: string, upn: string): Promise<void> {
  await page.goto(redeemUrl);
  await page.locator("#username").fill(upn);
  await page.locator("#password").fill(DEMO_PASSWORD);
  await page.locator("#signin-submit").click();
  // Redeeming ends with a redirect to the invitation's inviteRedirectUrl (the portal's consent page).
  await page.waitForURL((url) => !url.pathname.startsWith("/login") && !url.pathname.startsWith("/redeem"));
}

/**
 * On the emulator's pages after "Continue with Microsoft": signs in as `upn` (or picks its account
 * tile when the browser already has a session), then accepts the permissions. `beforeAccept` sees
 * Microsoft's consent page (for a screenshot).
 */
export async function consentOnMicrosoft(
  page: Page,
  upn: string,
  beforeAccept?: (page: Page) => Promise<unknown>,
): Promise<void> {
  const accept = page.locator("#consent-accept");
  const username = page.locator("#username");
  const tile = page.getByTestId(`account-${upn}`);
  await expect(accept.or(username).or(tile)).toBeVisible();
  if (await tile.isVisible()) await tile.click();
  else if (await username.isVisible()) {
    await username.fill(upn);
    await page.locator("#password").fill(DEMO_PASSWORD);
    await page.locator("#signin-submit").click();
  }
  await expect(accept).toBeVisible();
  await beforeAccept?.(page);
  await accept.click();
}

/**
 * A new person with a Fabrikam account (an address no other spec uses), so a spec can invite,
 * redeem and consent without meeting another spec's invitation of the same address.
 */
export async function newFabrikamPerson(prefix: string, displayName: string): Promise<string> {
  const upn = `${prefix}-${randomBytes(4).toString("hex")}@${DEMO_TENANTS.fabrikam.domain}`;
  await emulatorControl().createUser({
    tenantId: DEMO_TENANTS.fabrikam.id,
    userPrincipalName: upn,
    mail: upn,
    displayName,
    password: DEMO_PASSWORD,
    mailbox: "exchangeOnline",
  });
  return upn;
}

/** A new personal Microsoft account (an outlook.com address no other spec uses) in Microsoft's tenant of personal accounts. */
export async function newPersonalAccount(prefix: string, displayName: string): Promise<string> {
  const address = `${prefix}-${randomBytes(4).toString("hex")}@${DEMO_TENANTS.personal.domain}`;
  await emulatorControl().createUser({
    tenantId: DEMO_TENANTS.personal.id,
    userPrincipalName: address,
    mail: address,
    displayName,
    password: DEMO_PASSWORD,
    mailbox: "exchangeOnline",
  });
  return address;
}

/** As an admin on any staff page: invites `upn` without Microsoft's mail and waits for Microsoft's answer. */
export function inviteWithoutMail(page: Page, upn: string): Promise<{ invitationId: string; redeemUrl: string }> {
  return invite(page, upn, { mail: false });
}

/** As inviteWithoutMail, with Microsoft's mail in `language` (the consent pages follow it). */
export function inviteInLanguage(
  page: Page,
  upn: string,
  language: string,
): Promise<{ invitationId: string; redeemUrl: string }> {
  return invite(page, upn, { mail: true, language });
}

async function invite(
  page: Page,
  upn: string,
  options: { mail: boolean; language?: string },
): Promise<{ invitationId: string; redeemUrl: string }> {
  await page.locator("header").getByRole("link", { name: "Invite user" }).click();
  await page.getByLabel("Email address").fill(upn);
  if (!options.mail) await page.getByLabel("Send Microsoft's invitation mail").uncheck();
  if (options.language) await page.getByLabel("Mail language (optional)").fill(options.language);
  await page.getByRole("button", { name: "Invite", exact: true }).click();
  await expect(page).toHaveURL(/\/invitations\/[0-9a-f-]{36}$/);
  const invitationId = new URL(page.url()).pathname.split("/").at(-1)!;
  await expect(page.getByTestId("invitation-status")).toHaveAttribute("data-status", "PendingAcceptance", {
    timeout: 30_000,
  });
  return { invitationId, redeemUrl: (await page.getByTestId("redeem-url").textContent())! };
}
