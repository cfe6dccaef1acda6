// The audit log's CSV export against a real PostgreSQL: the page's filter, actions and targets in
// words, every field quoted, formula-looking cells neutralised, staff only, and the export itself
// recorded.
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { adminSession, staffSession, supportSession, uniqueEmail } from "@/test/int-support";
import { AUDIT_CSV_COLUMNS, exportAuditLog } from "./export";
import { recordAuditEntry } from "./record";

const query = (fields: Record<string, string>) => new URLSearchParams(fields);

async function exported(response: Response): Promise<{ text: string; rows: Record<string, string>[] }> {
  const text = await response.text();
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, delimiter: ",", skipEmptyLines: true });
  return { text, rows: parsed.data };
}

describe("audit log export", () => {
  it("exports the filtered entries in words, quoted and formula-safe, and records who exported", async () => {
    const admin = await adminSession();
    const email = uniqueEmail("audited");
    const invitation = await prisma.invitation.create({ data: { email } });
    const run = await prisma.bulkInviteRun.create({
      data: { fileName: `=HYPERLINK("https://evil.example")-${email}.csv` },
    });
    const actor = {
      actorType: "Staff" as const,
      actorId: admin.userId,
      actorEmail: admin.email,
      actorRole: "Guestpass.Admin",
    };
    await recordAuditEntry({
      ...actor,
      action: "invitation.resend",
      targetType: "invitation",
      targetId: invitation.id,
      outcome: "Success",
      detail: { note: "x;=1+1" },
    });
    await recordAuditEntry({
      ...actor,
      action: "bulk_invite.upload",
      targetType: "bulk_invite_run",
      targetId: run.id,
      outcome: "Success",
    });

    const response = await exportAuditLog(admin, query({ actor: admin.email }));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(response.headers.get("content-disposition")).toMatch(
      /^attachment; filename="guestpass-audit-log-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const { text, rows } = await exported(response);
    // Every field quoted (header included), so no list separator can split a cell into a formula.
    for (const line of text.trimEnd().split("\r\n")) expect(line).toMatch(/^"(?:[^"]|"")*"(?:,"(?:[^"]|"")*")*$/);
    expect(Object.keys(rows[0] ?? {})).toEqual([...AUDIT_CSV_COLUMNS]);
    expect(rows.map((row) => row.Action)).toEqual(["Upload a bulk invite file", "Resend an invitation"]);

    const resend = rows.find((row) => row["Action code"] === "invitation.resend")!;
    expect(resend).toMatchObject({
      Actor: admin.email,
      "Actor role": "Admin",
      "Target type": "Invitation",
      Target: email,
      "Target id": invitation.id,
      Outcome: "Success",
    });
    const upload = rows.find((row) => row["Action code"] === "bulk_invite.upload")!;
    // The file name starts with "=": it comes back as text, not as a live formula.
    expect(upload.Target).toBe(`'${run.fileName}`);

    const recorded = await prisma.auditLogEntry.findFirstOrThrow({
      where: { actorId: admin.userId, action: "audit.export" },
    });
    expect(recorded).toMatchObject({ outcome: "Success", detail: { actor: admin.email, rows: 2, truncated: false } });
  });

  it("applies the page's target and action filters: by address, by file name, by verb", async () => {
    const admin = await adminSession();
    const email = uniqueEmail("target");
    const invitation = await prisma.invitation.create({ data: { email } });
    const run = await prisma.bulkInviteRun.create({ data: { fileName: `partners-${email}.csv` } });
    const actor = { actorType: "Staff" as const, actorId: admin.userId, actorEmail: admin.email };
    await recordAuditEntry({
      ...actor,
      action: "invitation.check_status",
      targetType: "invitation",
      targetId: invitation.id,
      outcome: "Success",
    });
    await recordAuditEntry({
      ...actor,
      action: "invitation.revoke",
      targetType: "invitation",
      targetId: invitation.id,
      outcome: "Denied",
    });
    await recordAuditEntry({
      ...actor,
      action: "bulk_invite.confirm",
      targetType: "bulk_invite_run",
      targetId: run.id,
      outcome: "Success",
    });

    const byAddress = await exported(
      await exportAuditLog(admin, query({ target: email.toUpperCase(), actor: admin.email })),
    );
    expect(byAddress.rows.map((row) => row["Action code"]).sort()).toEqual([
      "bulk_invite.confirm",
      "invitation.check_status",
      "invitation.revoke",
    ]);
    const byFile = await exported(await exportAuditLog(admin, query({ target: `partners-${email}` })));
    expect(byFile.rows.map((row) => row.Target)).toEqual([run.fileName]);
    const byVerb = await exported(
      await exportAuditLog(admin, query({ target: email, action: "invitation.revoke", outcome: "Denied" })),
    );
    expect(byVerb.rows.map((row) => row.Action)).toEqual(["Revoke an invitation"]);
  });

  it("is for staff only, like the page: anonymous 401, no Guestpass role 403, support may export", async () => {
    expect((await exportAuditLog(null, query({}))).status).toBe(401);
    const nobody = await staffSession([]);
    const refused = await exportAuditLog(nobody, query({}));
    expect(refused.status).toBe(403);
    expect(await refused.text()).toMatch(/cannot see the audit log/);
    expect(await prisma.auditLogEntry.count({ where: { actorId: nobody.userId } })).toBe(0);
    expect((await exportAuditLog(await supportSession(), query({ actor: "nobody-matches" }))).status).toBe(200);
  });
});
