// After an erase, nothing of the grant's tokens is left anywhere in the database: every table of
// every schema (information_schema, so graphile_worker's job tables and whatever is added later are
// read too) is dumped row by row as text and searched for the grant's ciphertext, the PKCE verifier
// ciphertext of its consent attempt, and each token of its MSAL cache (access, refresh and ID
// tokens), taken from the cache before the erase.
import { describe, expect, it } from "vitest";
import { runStaffAction } from "@/lib/actions/staff-action";
import { consentFully, freshFabrikamInvitee } from "@/lib/consent/flow.test-support";
import { prisma } from "@/lib/db/client";
import { enqueueJob } from "@/lib/jobs/enqueue";
import { readGrantTokenCache } from "@/lib/tokens/vault";
import { adminSession } from "@/test/int-support";
import { eraseGrantAction } from "./kill-switch";

interface TableName {
  table_schema: string;
  table_name: string;
}

const quoted = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

/** For each needle, the tables (schema.table, with their row count) whose rows contain it as text. */
async function dumpAndSearch(needles: readonly string[]): Promise<{
  found: Map<string, string[]>;
  tables: Map<string, number>;
}> {
  const names = await prisma.$queryRaw<TableName[]>`
    SELECT table_schema, table_name FROM information_schema.tables
    WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
    ORDER BY 1, 2`;
  const found = new Map<string, string[]>(needles.map((needle) => [needle, []]));
  const tables = new Map<string, number>();
  for (const { table_schema, table_name } of names) {
    const name = `${table_schema}.${table_name}`;
    // A row as text shows bytea as \x<hex> and JSON as written: every column of every row.
    const rows = await prisma.$queryRawUnsafe<{ row: string }[]>(
      `SELECT t::text AS row FROM ${quoted(table_schema)}.${quoted(table_name)} AS t`,
    );
    tables.set(name, rows.length);
    for (const needle of needles) if (rows.some(({ row }) => row.includes(needle))) found.get(needle)!.push(name);
  }
  return { found, tables };
}

/** Every token MSAL keeps in the serialized cache (each entry's `secret`). */
function tokensOf(serialized: string): string[] {
  const cache = JSON.parse(serialized) as Record<string, Record<string, { secret?: string }>>;
  return ["AccessToken", "RefreshToken", "IdToken"].flatMap((kind) =>
    Object.values(cache[kind] ?? {}).flatMap((entry) => (entry.secret ? [entry.secret] : [])),
  );
}

describe("erasing a grant", () => {
  it("leaves no ciphertext and no token of it in any table, job payloads included", async () => {
    const invitee = await freshFabrikamInvitee("erase-dump");
    const grantId = await consentFully({ invitationId: invitee.invitationId }, invitee.upn);
    const cache = await readGrantTokenCache(grantId);
    const tokens = tokensOf(cache!.serialized);
    expect(tokens.length).toBeGreaterThanOrEqual(2); // at least an access and a refresh token
    const { tokenCacheCipher } = await prisma.grant.findUniqueOrThrow({ where: { id: grantId } });
    const cipher = Buffer.from(tokenCacheCipher!);
    // Long enough to be only this ciphertext, as PostgreSQL prints bytea, as base64 and as hex in JSON.
    const needlesOf = (bytes: Buffer) => [
      `\\x${bytes.subarray(0, 48).toString("hex")}`,
      bytes.subarray(0, 48).toString("base64"),
      bytes.subarray(0, 48).toString("hex"),
    ];
    const cipherNeedles = needlesOf(cipher);
    // The PKCE verifier of the consent that made the grant, sealed in its consent attempt.
    const attempts = await prisma.consentAttempt.findMany({ where: { invitationId: invitee.invitationId } });
    expect(attempts.length).toBeGreaterThanOrEqual(1);
    const verifierNeedles = attempts.flatMap((attempt) => needlesOf(Buffer.from(attempt.codeVerifierCipher!)));
    // Work queued for the grant's account while it still had tokens: a refresh run.
    await enqueueJob("grants.refreshDue", { limit: 10, concurrency: 1 });

    // The search works: before the erase it finds the ciphertext in the Grant row, and only there;
    // no token is stored in plaintext anywhere even then.
    const before = await dumpAndSearch([...cipherNeedles, ...verifierNeedles, ...tokens]);
    expect(before.found.get(cipherNeedles[0]!)).toEqual(["public.Grant"]);
    expect(before.found.get(verifierNeedles[0]!)).toEqual(["public.ConsentAttempt"]);
    for (const token of tokens) expect(before.found.get(token), "a token in plaintext").toEqual([]);

    expect(await runStaffAction(eraseGrantAction, await adminSession(), grantId)).toMatchObject({ ok: true });

    const after = await dumpAndSearch([...cipherNeedles, ...verifierNeedles, ...tokens]);
    for (const needle of [...cipherNeedles, ...verifierNeedles, ...tokens]) expect(after.found.get(needle)).toEqual([]);
    // The dump did read the tables that could hold them: the tombstone, the consent attempts (kept
    // for their outcome), the outbox with grant.erased, the audit log and graphile_worker's jobs
    // (the refresh run just queued).
    for (const table of [
      "public.Grant",
      "public.ConsentAttempt",
      "public.OutboxEvent",
      "public.AuditLogEntry",
      "graphile_worker._private_jobs",
    ])
      expect(after.tables.get(table), table).toBeGreaterThan(0);
    expect(await prisma.grant.findUniqueOrThrow({ where: { id: grantId } })).toMatchObject({
      status: "Erased",
      tokenCacheCipher: null,
      username: invitee.upn,
    });
  });
});
