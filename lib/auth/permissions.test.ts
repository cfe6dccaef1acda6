import { describe, expect, it } from "vitest";
import {
  canBulkInvite,
  canManageSettings,
  canSendTestMail,
  isStaff,
  STAFF_ROLES,
  toStaffRoles,
  type StaffSession,
} from "./permissions";

const staff = (...roles: StaffSession["roles"]): StaffSession => ({
  userId: "u1",
  email: "a@contoso.com",
  name: "A",
  roles,
});
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

  it("keeps bulk invites and settings for admins (revocation: lib/invitations/permissions.test.ts)", () => {
    expect(canBulkInvite(admin)).toBe(true);
    expect(canBulkInvite(support)).toBe(false);
    expect(canManageSettings(support)).toBe(false);
  });

  it("sends test mail only for consented users", () => {
    expect(canSendTestMail(support, { status: "Consented" })).toBe(true);
    expect(canSendTestMail(admin, { status: "Accepted" })).toBe(false);
  });
});
