import { describe, expect, it } from "vitest";
import { invitationMailFact, redeemLinkText } from "./mail-facts";

const base = {
  kind: "guest_invitation",
  status: "PendingAcceptance",
  sendInvitationMessage: true,
  mailMode: "microsoft",
  invitationMailSentAt: null,
  graphUserId: "guest-1",
} as const;

describe("the invitation page's mail facts", () => {
  it("names who mailed it", () => {
    expect(invitationMailFact(base)).toBe("Sent by Microsoft");
    const guestpass = { ...base, mailMode: "guestpass", invitationMailSentAt: new Date() } as const;
    expect(invitationMailFact(guestpass)).toBe("Sent by Guestpass");
    expect(redeemLinkText(guestpass)).toMatch(/^Guestpass mailed this link/);
  });

  it("never says a mail went out that did not", () => {
    // Microsoft accepted the invitation, Guestpass's own mail failed: the invitation is Failed.
    const mailFailed = { ...base, status: "Failed", mailMode: "guestpass" } as const;
    expect(invitationMailFact(mailFailed)).toBe("Not sent — Guestpass could not mail it (see the error below)");
    expect(redeemLinkText(mailFailed)).toMatch(/^The invitation mail was not sent/);
    const refused = { ...base, status: "Failed", graphUserId: null } as const;
    expect(invitationMailFact(refused)).toBe("Not sent — Microsoft did not accept the invitation");
    expect(invitationMailFact({ ...base, status: "Queued", mailMode: "guestpass" })).toBe(
      "Guestpass sends it once Microsoft accepts the invitation",
    );
    expect(invitationMailFact({ ...base, sendInvitationMessage: false })).toBe("Not sent — share the redeem link");
    expect(invitationMailFact({ ...base, kind: "consent_link", status: "Accepted", graphUserId: null })).toBe(
      "None — connected by consent link",
    );
  });
});
