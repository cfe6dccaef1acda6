// The invitations endpoints through their route handlers, against a real database and the emulator:
// list with filters and cursor pages, read one; each refusal an RFC 9457 problem, audited with the key.
import { randomBytes, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { GET as listRoute } from "@/app/api/v1/invitations/route";
import { GET as getRoute } from "@/app/api/v1/invitations/[id]/route";
import { prisma } from "@/lib/db/client";
import type { InvitationStatus } from "@/lib/db/generated/client";
import { callApi, createTestKey, expectScopeRefusalsAudited } from "../api.test-support";

const tag = () => randomBytes(4).toString("hex");

async function invitationRow(email: string, status: InvitationStatus = "PendingAcceptance"): Promise<string> {
  const row = await prisma.invitation.create({
    data: {
      email,
      status,
      inviteRedeemUrl: `https://login.microsoftonline.com/redeem?rd=${randomBytes(16).toString("hex")}`,
      ...(status === "Failed" ? { lastErrorCode: "BadRequest", lastErrorMessage: "The address is not valid." } : {}),
    },
    select: { id: true },
  });
  return row.id;
}

type InvitationPage = { data: { id: string; email: string; status: string }[]; nextCursor: string | null };

describe("invitations API: reading", () => {
  it("lists newest first in cursor pages, filtered by address and status", async () => {
    const { key } = await createTestKey(["invitations:read"]);
    const run = tag();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await invitationRow(`list-${run}-${i}@fabrikam.com`));

    // Walk from the newest: ours are the newest but for what other tests create meanwhile.
    const seen: string[] = [];
    const sizes: number[] = [];
    let cursor: string | null = null;
    do {
      const answer = await callApi(listRoute, {
        path: `/invitations?status=PendingAcceptance&limit=2${cursor ? `&cursor=${cursor}` : ""}`,
        key,
      });
      expect(answer.status).toBe(200);
      const page = answer.body as InvitationPage;
      expect(page.data.every((invitation) => invitation.status === "PendingAcceptance")).toBe(true);
      sizes.push(page.data.length);
      seen.push(...page.data.map((invitation) => invitation.id));
      cursor = page.nextCursor;
    } while (cursor && !ids.every((id) => seen.includes(id)));
    expect(new Set(seen).size).toBe(seen.length);
    expect(sizes.length).toBeGreaterThanOrEqual(3);
    expect(sizes.slice(0, -1).every((size) => size === 2)).toBe(true);
    expect(seen.filter((id) => ids.includes(id))).toEqual([...ids].reverse());

    const byEmail = await callApi(listRoute, {
      path: `/invitations?email=${encodeURIComponent(` LIST-${run}-2@Fabrikam.com `)}`,
      key,
    });
    expect((byEmail.body as InvitationPage).data.map((invitation) => invitation.id)).toEqual([ids[2]]);
    const wrongStatus = await callApi(listRoute, {
      path: `/invitations?email=list-${run}-2@fabrikam.com&status=Consented`,
      key,
    });
    expect(wrongStatus.body).toEqual({ data: [], nextCursor: null });
  });

  it("reads one invitation with why it failed, and never its redeem link", async () => {
    const { key } = await createTestKey(["invitations:read"]);
    const email = `failed-${tag()}@fabrikam.com`;
    const id = await invitationRow(email, "Failed");
    const read = await callApi(getRoute, { path: `/invitations/${id}`, key, params: { id } });
    expect(read.status).toBe(200);
    expect(read.body).toEqual({
      id,
      kind: "guest_invitation",
      email,
      displayName: null,
      userType: "Guest",
      status: "Failed",
      guestUserId: null,
      failure: { code: "BadRequest", message: "The address is not valid." },
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(read.text).not.toMatch(/redeem|rd=/i);

    const unknown = randomUUID();
    expect(await callApi(getRoute, { path: `/invitations/${unknown}`, key, params: { id: unknown } })).toMatchObject({
      status: 404,
      body: { code: "api.not_found" },
    });
    const malformed = await callApi(getRoute, { path: "/invitations/nope", key, params: { id: "nope" } });
    expect(malformed).toMatchObject({ status: 400, body: { errors: [{ field: "path.id" }] } });
  });

  it("names the field of a bad query", async () => {
    const { key } = await createTestKey(["invitations:read"]);
    const answer = await callApi(listRoute, { path: "/invitations?status=Lost&limit=0", key });
    expect(answer.status).toBe(400);
    expect(answer.headers.get("content-type")).toBe("application/problem+json");
    expect(answer.body).toMatchObject({
      code: "api.invalid_request",
      errors: expect.arrayContaining([
        { field: "query.status", message: expect.stringContaining("PendingAcceptance") },
        { field: "query.limit", message: "Must be at least 1." },
      ]),
    });
  });

  it("refuses a key without invitations:read, audited with the key and the operation", async () => {
    const other = await createTestKey(["grants:read", "invitations:write"]);
    const id = await invitationRow(`scope-${tag()}@fabrikam.com`);
    const list = await callApi(listRoute, { path: "/invitations", key: other.key });
    const one = await callApi(getRoute, { path: `/invitations/${id}`, key: other.key, params: { id } });
    for (const answer of [list, one]) {
      expect(answer).toMatchObject({
        status: 403,
        body: { code: "api.scope_missing", detail: expect.stringContaining("invitations:read") },
      });
      expect(answer.text).not.toContain(id);
    }
    await expectScopeRefusalsAudited(other.id, "invitations:read", [
      ["GET", "/invitations"],
      ["GET", "/invitations/{id}"],
    ]);
  });
});
