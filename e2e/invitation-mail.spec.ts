// Who mails the invitation, as the invited person meets it: an admin turns on Guestpass's own mail
// in Settings → Invitation mail; the invite form says what the person receives in each mode; the
// mail the emulator recorded for the address is opened as the person would (Guestpass's carries
// the brand and the staff member's message, Microsoft's drops the message); its link redeems and
// lands on the consent page in the invitation's language, through to "all set". English and
// Chinese; screenshots of the mail and the consent page at 1280 and 390 px.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { emulatorControl, withDatabase } from "./support/stack";
import { consentOnMicrosoft, newFabrikamPerson, redeemInvitation, signInAs, STAFF } from "./support/staff";
import { shot, shotAtBothWidths } from "./support/screenshots";

const SENDER = "megan@contoso.com";
const COMPANY = "Contoso Pharma";

test.beforeAll(async () => {
  await withDatabase(async (client) => {
    await client.query(
      `INSERT INTO "Brand" (id, "companyName", "supportEmail", "updatedAt") VALUES (1, $1, 'help@contoso.com', now())
       ON CONFLICT (id) DO UPDATE SET "companyName" = $1, "supportEmail" = 'help@contoso.com'`,
      [COMPANY],
    );
    // A sender, with Microsoft's mail still the default: each test below can pick either mode.
    await client.query(
      `INSERT INTO "InvitationMailSettings" (id, mode, "senderMailbox", "updatedAt") VALUES (1, 'microsoft', $1, now())
       ON CONFLICT (id) DO UPDATE SET mode = 'microsoft', "senderMailbox" = $1`,
      [SENDER],
    );
  });
});
test.afterAll(async () => {
  await withDatabase(async (client) => {
    await client.query(`DELETE FROM "InvitationMailSettings"`);
    await client.query(`DELETE FROM "Brand"`);
  });
});

const CASES = [
  {
    mode: "guestpass",
    locale: "zh-CN",
    message: "李伟，欢迎加入我们的合作项目！",
    subject: `${COMPANY} 邀请您连接您的 Microsoft 帐户`,
    accept: "接受邀请",
    heading: "关联您的 Microsoft 帐户",
    continueLabel: "使用 Microsoft 继续",
    done: "一切就绪",
  },
  {
    mode: "guestpass",
    locale: "en",
    message: "Ada, welcome to the partner programme!",
    subject: `${COMPANY} invites you to connect your Microsoft account`,
    accept: "Accept the invitation",
    heading: "Connect your Microsoft account",
    continueLabel: "Continue with Microsoft",
    done: "You're all set",
  },
  {
    mode: "microsoft",
    locale: "en",
    message: "This personal message never reaches the person.",
    subject: "invited you to access applications within their organization",
    accept: "Accept invitation",
    heading: "Connect your Microsoft account",
    continueLabel: "Continue with Microsoft",
    done: "You're all set",
  },
  {
    mode: "microsoft",
    locale: "zh-CN",
    message: "这条留言不会送达。",
    subject: "invited you to access applications within their organization",
    accept: "Accept invitation",
    heading: "关联您的 Microsoft 帐户",
    continueLabel: "使用 Microsoft 继续",
    done: "一切就绪",
  },
] as const;

test("an admin turns on Guestpass's own mail; the invite form says what each mode sends", async ({ page }) => {
  await signInAs(page, STAFF.admin, "/settings/invitation-mail");
  await expect(
    page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Invitation mail" }),
  ).toHaveAttribute("aria-current", "page");
  // Guestpass's mode without a sender is refused beside the field.
  await page.getByRole("radio", { name: /^Guestpass's own mail/ }).check();
  await page.getByLabel(/^Sender mailbox/).fill("");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Guestpass's own mail needs a mailbox to send from.")).toBeVisible();
  await page.getByLabel(/^Sender mailbox/).fill(SENDER);
  await expect(page.getByTestId("mail-mode-guestpass")).toContainText(`a mail from ${SENDER}`);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText(`Saved. New invitations get Guestpass's own mail from ${SENDER}.`)).toBeVisible();
  await shot(page, "settings-invitation-mail");

  await page.goto("/invitations/new");
  await expect(page.getByRole("radio", { name: /^Guestpass's own mail/ })).toBeChecked();
  await expect(page.getByTestId("invite-mail-mode")).toContainText("your personal message and the accept link");
  await expect(page.getByText("Shown in Guestpass's mail, as plain text.")).toBeVisible();
  await shot(page, "invite-form-guestpass-mail");
  await page.getByRole("radio", { name: /^Microsoft's standard mail/ }).check();
  await expect(page.getByTestId("invite-mail-mode")).toContainText(
    "Microsoft leaves the personal message out of invitations an app sends, so the person will not see it.",
  );
  await expect(page.getByLabel("Send Microsoft's invitation mail")).toBeChecked();
  await shot(page, "invite-form-microsoft-mail");
});

for (const item of CASES) {
  test(`${item.mode} mail in ${item.locale}: the mail the person got → redeem → consent page → all set`, async ({
    page,
    browser,
  }) => {
    const upn = await newFabrikamPerson(`mail-${item.mode}-${item.locale.toLowerCase()}`, "Li Wei");
    await signInAs(page, STAFF.admin, "/invitations/new");
    await page.getByLabel("Email address").fill(upn);
    await page
      .getByRole("radio", {
        name: new RegExp(`^${item.mode === "guestpass" ? "Guestpass's own" : "Microsoft's standard"} mail`),
      })
      .check();
    await page.getByLabel("Personal message (optional)").fill(item.message);
    await page.getByLabel("Mail language (optional)").fill(item.locale);
    await page.getByRole("button", { name: "Invite", exact: true }).click();
    await expect(page).toHaveURL(/\/invitations\/[0-9a-f-]{36}$/);
    await expect(page.getByTestId("invitation-status")).toHaveAttribute("data-status", "PendingAcceptance", {
      timeout: 30_000,
    });

    await expect(
      page.getByText(`${item.mode === "guestpass" ? "Guestpass" : "Microsoft"} mailed this link.`),
    ).toBeVisible();

    // Exactly what reached the address, from the emulator's record of sent mail.
    const mails = await emulatorControl().sentMail({ to: upn });
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.subject).toContain(item.subject);
    if (item.mode === "guestpass") {
      expect(mail).toMatchObject({ kind: "message", from: { address: SENDER } });
    } else {
      expect(mail).toMatchObject({ kind: "invitation", from: { address: "invites@microsoft.com" } });
    }

    const invitee = await openMail(browser, mail.body.content);
    if (item.mode === "guestpass") {
      await expect(invitee.getByText(item.message)).toBeVisible();
      await expect(invitee.getByText(COMPANY, { exact: true })).toBeVisible();
    } else {
      await expect(invitee.locator("body")).not.toContainText(item.message);
    }
    await shotAtBothWidths(invitee, `invitation-mail-${item.mode}-${item.locale}`);

    const link = await invitee.getByRole("link", { name: item.accept }).getAttribute("href");
    await redeemInvitation(invitee, link!, upn);
    await expect(invitee).toHaveURL(/\/consent\/i\/[0-9a-f-]{36}$/);
    await expect(invitee.getByRole("heading", { name: item.heading })).toBeVisible();
    await expect(invitee.getByTestId("consent-brand")).toContainText(COMPANY);
    await shotAtBothWidths(invitee, `consent-landing-${item.mode}-mail-${item.locale}`);
    await invitee.getByRole("button", { name: item.continueLabel }).click();
    await consentOnMicrosoft(invitee, upn);
    await expect(invitee).toHaveURL(/\/consent\/done\/[0-9a-f-]{36}$/);
    await expect(invitee.getByRole("heading", { name: item.done })).toBeVisible();
    await invitee.context().close();
  });
}

/** The mail's HTML in a browser of its own, the way the invited person's mail client shows it. */
async function openMail(browser: Browser, html: string): Promise<Page> {
  const context = await browser.newContext({ locale: "en-US" });
  const page = await context.newPage();
  await page.setContent(html);
  return page;
}
