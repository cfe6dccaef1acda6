import { describe, expect, it } from "vitest";
import { composeInvitationMail, type InvitationMailInput } from "./compose";

const input: InvitationMailInput = {
  invitationId: "7d2c1f4e-0000-4000-8000-000000000001",
  locale: "en",
  brand: { name: "Contoso", configured: true, supportEmail: null, supportUrl: null, logoDataUrl: null },
  invitee: { email: "ada@fabrikam.com", displayName: null },
  customMessage: null,
  cc: [],
  redeemUrl: "https://login.example/redeem?tenant=t&ticket=1",
};

describe("composeInvitationMail", () => {
  it("writes what staff and Microsoft supplied as text, never as markup", () => {
    const mail = composeInvitationMail({
      ...input,
      invitee: { email: "ada@fabrikam.com", displayName: 'Ada "<b>" Lovelace' },
      customMessage: "Tom & Jerry's <i>team</i>",
    });
    expect(mail.body.content).toContain("Tom &#38; Jerry&#39;s &#60;i&#62;team&#60;/i&#62;");
    expect(mail.body.content).toContain("Hello Ada &#34;&#60;b&#62;&#34; Lovelace,");
    expect(mail.body.content).toContain('href="https://login.example/redeem?tenant=t&#38;ticket=1"');
    expect(mail.body.content).not.toContain("<i>");
  });

  it("leaves out the message box, the support line, the logo and cc when there are none", () => {
    const mail = composeInvitationMail(input);
    expect(mail.body.content).not.toContain("custom-message");
    expect(mail.body.content).not.toContain("Questions?");
    expect(mail.body.content).not.toContain("cid:");
    expect(mail).not.toHaveProperty("ccRecipients");
    expect(mail).not.toHaveProperty("attachments");
    expect(mail.toRecipients).toEqual(["ada@fabrikam.com"]);
  });

  it("names the support contact and copies the cc address when given", () => {
    const mail = composeInvitationMail({
      ...input,
      locale: "zh-CN",
      brand: { ...input.brand, supportUrl: "https://contoso.com/help" },
      cc: ["bo@contoso.com"],
    });
    expect(mail.body.content).toContain("有疑问？请联系 Contoso：https://contoso.com/help");
    expect(mail.ccRecipients).toEqual(["bo@contoso.com"]);
  });
});
