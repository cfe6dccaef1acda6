import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkInvitedEmail, validateInvitationInput } from "@/lib/shared/invitation-validation";

describe("checkInvitedEmail", () => {
  it("normalises: trims and lower-cases the domain, keeps the user name", () => {
    expect(checkInvitedEmail("  Ada.Lovelace@Contoso.COM ")).toEqual({ ok: true, email: "Ada.Lovelace@contoso.com" });
    expect(checkInvitedEmail("_x_@fabrikam.co.uk")).toEqual({ ok: true, email: "_x_@fabrikam.co.uk" });
    expect(checkInvitedEmail("o'brien@contoso.ie").ok).toBe(true);
  });

  it("turns an international domain into its punycode form", () => {
    expect(checkInvitedEmail("anna@bücher.de")).toEqual({ ok: true, email: "anna@xn--bcher-kva.de" });
  });

  it.each([...'~!#$%^&*()=[]{}\\/|;:"<>?,'])("rejects %s and names the character", (ch) => {
    const result = checkInvitedEmail(`ab${ch}cd@contoso.com`);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(`"${ch}"`);
  });

  it("explains plus addressing", () => {
    const result = checkInvitedEmail("ada+news@contoso.com");
    expect(result).toMatchObject({ ok: false });
    if (!result.ok) expect(result.reason).toMatch(/\+/);
  });

  it.each([
    ["", /Enter an email/],
    ["ada", /needs an @/],
    ["ada@", /after @ is missing/],
    ["@contoso.com", /before @ is missing/],
    ["a@b@contoso.com", /more than one @/],
    ["ada lovelace@contoso.com", /space/],
    [".ada@contoso.com", /start or end/],
    ["ada-@contoso.com", /start or end/],
    ["ad..a@contoso.com", /two periods/],
    ["ada@localhost", /needs a dot/],
    ["ada@contoso.c0m", /top-level domain/],
    ["ada@-contoso.com", /hyphen/],
    ["ada@contoso.com:25", /not a valid domain/],
    ["adé@contoso.com", /plain letters/],
    [`${"a".repeat(65)}@contoso.com`, /64/],
  ])("rejects %j with a reason", (input, reason) => {
    const result = checkInvitedEmail(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it("never throws and always explains a rejection (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 80 }), (s) => {
        const result = checkInvitedEmail(s);
        if (!result.ok) expect(result.reason.length).toBeGreaterThan(5);
        else expect(result.email).toMatch(/^[^@\s]+@[a-z0-9.-]+$/);
      }),
    );
  });
});

describe("validateInvitationInput", () => {
  it("accepts a full form and fills defaults", () => {
    const result = validateInvitationInput({
      email: "ada@Contoso.com",
      displayName: "  Ada   Lovelace ",
      userType: "member",
      sendInvitationMessage: "on",
      customMessage: "Welcome aboard.",
      ccRecipients: "manager+cc@contoso.com",
      messageLanguage: "en_us",
    });
    expect(result).toEqual({
      ok: true,
      value: {
        email: "ada@contoso.com",
        displayName: "Ada Lovelace",
        userType: "Member",
        sendInvitationMessage: true,
        customMessage: "Welcome aboard.",
        ccRecipients: ["manager+cc@contoso.com"],
        messageLanguage: "en-US",
      },
    });
    expect(validateInvitationInput({ email: "ada@contoso.com" })).toEqual({
      ok: true,
      value: { email: "ada@contoso.com", userType: "Guest", sendInvitationMessage: true, ccRecipients: [] },
    });
  });

  it("keys every problem by field, in plain words", () => {
    const result = validateInvitationInput({
      email: "ada!@contoso.com",
      displayName: "x".repeat(300),
      userType: "Owner",
      sendInvitationMessage: "maybe",
      customMessage: "<b>hi</b>",
      ccRecipients: ["a@contoso.com", "b@contoso.com"],
      messageLanguage: "english please",
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.fieldErrors).sort()).toEqual(
      [
        "ccRecipients",
        "customMessage",
        "displayName",
        "email",
        "messageLanguage",
        "sendInvitationMessage",
        "userType",
      ].sort(),
    );
    expect(result.fieldErrors.email?.[0]).toMatch(/exclamation mark/);
    expect(result.fieldErrors.ccRecipients?.[0]).toMatch(/at most one/);
    expect(result.fieldErrors.userType?.[0]).toMatch(/Guest.*Member/);
  });

  it("tells HTML from plain text that merely uses angle brackets", () => {
    for (const html of ["<b>hi</b>", '<p class="x">hi', "line<br/>break", "<a href='x'>link</a>"])
      expect(validateInvitationInput({ email: "ada@contoso.com", customMessage: html }).ok, html).toBe(false);
    for (const text of ["if a < b and c > d", "I <3 this", "Reply -> soon", "<ada@contoso.com> wrote"])
      expect(validateInvitationInput({ email: "ada@contoso.com", customMessage: text }).ok, text).toBe(true);
  });

  it("rejects cc equal to the invited address and an invalid cc", () => {
    const same = validateInvitationInput({ email: "ada@contoso.com", ccRecipients: ["ada@contoso.com"] });
    expect(same.ok).toBe(false);
    if (!same.ok) expect(same.fieldErrors.ccRecipients?.[0]).toMatch(/invited address itself/);
    const bad = validateInvitationInput({ email: "ada@contoso.com", ccRecipients: "not-an-address" });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.fieldErrors.ccRecipients?.[0]).toMatch(/^Cc:/);
  });

  it("reports a missing email and a non-object input", () => {
    const missing = validateInvitationInput({});
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.fieldErrors.email?.[0]).toMatch(/Enter an email/);
    const junk = validateInvitationInput("ada@contoso.com");
    expect(junk.ok).toBe(false);
    if (!junk.ok) expect(junk.formErrors.length).toBeGreaterThan(0);
  });
});
