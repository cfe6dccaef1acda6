import { describe, expect, it } from "vitest";
import { invitationKey } from "./create";
import { invitationFormValues } from "@/lib/shared/invitation-validation";
import { resendAvailableAt, RESEND_COOLDOWN_MS } from "@/lib/shared/invitations";

describe("invite form values", () => {
  it("reads an unticked checkbox (absent field) as 'do not send the mail'", () => {
    const form = new FormData();
    form.set("email", "ada@fabrikam.com");
    expect(invitationFormValues(form)).toMatchObject({ email: "ada@fabrikam.com", sendInvitationMessage: "false" });
    form.set("sendInvitationMessage", "on");
    expect(invitationFormValues(form)).toMatchObject({ sendInvitationMessage: "on" });
  });

  it("keys invitations by the lower-cased address (Entra ignores case)", () => {
    expect(invitationKey("  Ada.Lovelace@Fabrikam.com ")).toBe("ada.lovelace@fabrikam.com");
  });
});

describe("resend availability", () => {
  const now = new Date("2026-11-24T12:00:00Z");
  it("is available at once when never resent or the cooldown has passed", () => {
    expect(resendAvailableAt(null, now)).toBeNull();
    expect(resendAvailableAt(new Date(now.getTime() - RESEND_COOLDOWN_MS), now)).toBeNull();
  });
  it("names the time when it becomes available again", () => {
    const last = new Date(now.getTime() - 60_000);
    expect(resendAvailableAt(last.toISOString(), now)?.toISOString()).toBe(
      new Date(last.getTime() + RESEND_COOLDOWN_MS).toISOString(),
    );
  });
});
