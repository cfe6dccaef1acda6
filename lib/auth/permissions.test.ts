import { describe, expect, it } from "vitest";
import {
  canBulkInvite,
  canManageSettings,
  canResendInvitation,
  canRevokeInvitation,
  canSendTestMail,
  isStaff,
  STAFF_ROLES,
  toStaffRoles,
  type StaffSession,
} from "./permissions";

const staff = (...roles: StaffSession["roles"]): StaffSession => ({ userId: "u1", email: "a@contoso.com", name: "A", roles });
const admin = staff(STAFF_ROLES.admin);
const support = staff(STAFF_ROLES.support);

describe("staff permissions", () => {
  it("keeps only Guestpass roles from the ID token claim", () => {
    expect(toStaffRoles(["Guestpass.Support", "Other.Role", 7])).toEqual(["Guestpass.Support"]);
    expect(toStaffRoles(undefined)).toEqual([]);
  });

  it("treats an account with neither role as not staff", () => {
    expect(isStaff(staff())).toBe(false);
    expect(isStaff(null)).toBe(false);
    expect(isStaff(support)).toBe(true);
  });

  it("keeps bulk invites, revocation and settings for admins", () => {
    expect(canBulkInvite(admin)).toBe(true);
    expect(canBulkInvite(support)).toBe(false);
    expect(canManageSettings(support)).toBe(false);
    expect(canRevokeInvitation(support, { status: "Accepted" })).toBe(false);
    expect(canRevokeInvitation(admin, { status: "Accepted" })).toBe(true);
  });

  it("lets support resend, but not to revoked users", () => {
    expect(canResendInvitation(support, { status: "PendingAcceptance" })).toBe(true);
    expect(canResendInvitation(support, { status: "Revoked" })).toBe(false);
    expect(canResendInvitation(staff(), { status: "PendingAcceptance" })).toBe(false);
  });

  it("sends test mail only for consented users", () => {
    expect(canSendTestMail(support, { status: "Consented" })).toBe(true);
    expect(canSendTestMail(admin, { status: "Accepted" })).toBe(false);
  });
});
