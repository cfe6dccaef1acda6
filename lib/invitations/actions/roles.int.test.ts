// Every invitation action against every kind of caller. An allowed caller gets past the role check
// (to the input check or "not found" for an unknown id); a refused one gets "forbidden" and an
// audit entry; anonymous callers get "unauthenticated" and nothing else.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { runStaffAction, type StaffActionDefinition } from "@/lib/actions/staff-action";
import type { StaffSession } from "@/lib/auth/permissions";
import { prisma } from "@/lib/db/client";
import { confirmBulkInviteAction, resumeBulkInviteAction, startBulkInviteAction } from "./bulk-upload";
import { checkInvitationNowAction } from "./check-now";
import { inviteUserAction } from "./invite";
import { adminSession, staffSession, supportSession } from "@/test/int-support";
import { resendInvitationAction } from "./resend";
import { revokeInvitationAction } from "./revoke";

type Caller = "admin" | "support";
interface Case {
  name: string;
  definition: StaffActionDefinition<never, unknown>;
  /** An input that gets past the role check without doing anything (invalid, or an unknown id). */
  input: () => unknown;
  allowed: Caller[];
  /** What an allowed caller gets with that input. */
  passCode: "invalid" | "not_found";
}

const unknownId = () => randomUUID();
const cases: Case[] = [
  {
    name: "inviteUser",
    definition: inviteUserAction as never,
    input: () => new FormData(),
    allowed: ["admin"],
    passCode: "invalid",
  },
  {
    name: "startBulkInvite",
    definition: startBulkInviteAction as never,
    input: () => new FormData(),
    allowed: ["admin"],
    passCode: "invalid",
  },
  {
    name: "confirmBulkInvite",
    definition: confirmBulkInviteAction as never,
    input: unknownId,
    allowed: ["admin"],
    passCode: "not_found",
  },
  {
    name: "resumeBulkInvite",
    definition: resumeBulkInviteAction as never,
    input: unknownId,
    allowed: ["admin"],
    passCode: "not_found",
  },
  {
    name: "resendInvitation",
    definition: resendInvitationAction as never,
    input: () => ({ invitationId: unknownId() }),
    allowed: ["admin", "support"],
    passCode: "not_found",
  },
  {
    name: "resendInvitation (resetRedemption)",
    definition: resendInvitationAction as never,
    input: () => ({ invitationId: unknownId(), resetRedemption: true }),
    allowed: ["admin"],
    passCode: "not_found",
  },
  {
    name: "checkInvitationNow",
    definition: checkInvitationNowAction as never,
    input: unknownId,
    allowed: ["admin", "support"],
    passCode: "not_found",
  },
  {
    name: "revokeInvitation",
    definition: revokeInvitationAction as never,
    input: unknownId,
    allowed: ["admin"],
    passCode: "not_found",
  },
];

describe("role checks of every invitation action", () => {
  it.each(cases)("$name", async ({ definition, input, allowed, passCode }) => {
    const sessions: Record<Caller, StaffSession> = { admin: await adminSession(), support: await supportSession() };
    for (const caller of ["admin", "support"] as const) {
      const result = await runStaffAction(definition, sessions[caller], input());
      if (allowed.includes(caller)) expect(result, caller).toMatchObject({ ok: false, code: passCode });
      else {
        expect(result, caller).toMatchObject({ ok: false, code: "forbidden" });
        const denied = await prisma.auditLogEntry.findFirst({
          where: { actorId: sessions[caller].userId, action: definition.action },
        });
        expect(denied, `${caller} denial audited`).toMatchObject({ outcome: "Denied" });
      }
    }
    expect(await runStaffAction(definition, null, input())).toMatchObject({ ok: false, code: "unauthenticated" });
    expect(await runStaffAction(definition, await staffSession([]), input())).toMatchObject({
      ok: false,
      code: "forbidden",
    });
  });
});
