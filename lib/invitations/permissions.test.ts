import { describe, expect, it } from "vitest";
import { STAFF_ROLES, type StaffSession } from "@/lib/auth/permissions";
import type { InvitationStatus } from "@/lib/db/generated/enums";
import {
  canCheckInvitationNow,
  canResendInvitation,
  canResetRedemption,
  canRevokeInvitation,
  resendRefusal,
  resetRedemptionRefusal,
  revokeRefusal,
} from "./permissions";

const staff = (...roles: StaffSession["roles"]): StaffSession => ({
  userId: "u1",
  email: "a@contoso.com",
  name: "A",
  roles,
});
const admin = staff(STAFF_ROLES.admin);
const support = staff(STAFF_ROLES.support);
const ALL: InvitationStatus[] = [
  "Queued",
  "Sending",
  "PendingAcceptance",
  "Accepted",
  "Consented",
  "ConsentExpired",
  "Failed",
  "Revoked",
];

describe("invitation permissions: role", () => {
  it("keeps revocation for admins", () => {
    expect(canRevokeInvitation(support, { status: "Accepted" })).toBe(false);
    expect(canRevokeInvitation(admin, { status: "Accepted" })).toBe(true);
  });

  it("lets support resend, but not to revoked users", () => {
    expect(canResendInvitation(support, { status: "PendingAcceptance" })).toBe(true);
    expect(canResendInvitation(support, { status: "Revoked" })).toBe(false);
    expect(canResendInvitation(staff(), { status: "PendingAcceptance" })).toBe(false);
  });

  it("keeps resetting a redemption for admins", () => {
    expect(canResetRedemption(admin, { status: "Accepted" })).toBe(true);
    expect(canResetRedemption(support, { status: "Accepted" })).toBe(false);
    expect(resendRefusal(support, { status: "Accepted" }, { resetRedemption: true })?.kind).toBe("role");
  });
});

describe("invitation permissions: state", () => {
  it("allows no resend while the invitation is being sent, as a conflict rather than a role refusal", () => {
    for (const status of ["Queued", "Sending"]) {
      expect(canResendInvitation(admin, { status })).toBe(false);
      expect(resendRefusal(support, { status }, { resetRedemption: false })).toMatchObject({
        kind: "state",
        message: expect.stringMatching(/still being sent/),
      });
    }
    for (const status of ["PendingAcceptance", "Accepted", "Consented", "ConsentExpired", "Failed"])
      expect(canResendInvitation(support, { status })).toBe(true);
  });

  it("resets a redemption only once the person has redeemed", () => {
    const resettable = ALL.filter((status) => canResetRedemption(admin, { status }));
    expect(resettable).toEqual(["Accepted", "Consented", "ConsentExpired"]);
    expect(resetRedemptionRefusal({ status: "PendingAcceptance" })).toMatchObject({
      kind: "state",
      message: expect.stringMatching(/not redeemed/),
    });
    expect(resetRedemptionRefusal({ status: "Failed" })?.kind).toBe("state");
    expect(resetRedemptionRefusal({ status: "Accepted" })).toBeNull();
  });

  it("revokes once, and not while a send may still create the guest", () => {
    expect(ALL.filter((status) => canRevokeInvitation(admin, { status }))).toEqual([
      "PendingAcceptance",
      "Accepted",
      "Consented",
      "ConsentExpired",
      "Failed",
    ]);
    expect(revokeRefusal(admin, { status: "Sending" })?.kind).toBe("state");
    expect(revokeRefusal(admin, { status: "Revoked" })?.kind).toBe("role");
  });

  it("checks with Microsoft only once there is a guest", () => {
    expect(canCheckInvitationNow(support, { graphUserId: "guest-id" })).toBe(true);
    expect(canCheckInvitationNow(support, { graphUserId: null })).toBe(false);
    expect(canCheckInvitationNow(staff(), { graphUserId: "guest-id" })).toBe(false);
  });
});
