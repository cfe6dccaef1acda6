// What a PostgreSQL outage looks like through Prisma 7 + @prisma/adapter-pg, on a real server of
// its own (the shared test database must stay up for the other files): refused connections,
// connections ended by the server mid-query and mid-transaction. Each must be recognised by
// isDatabaseUnavailable and carry the digest the error pages look for; other failures must not.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDatabase } from "@/scripts/lib/database";
import { startEmbeddedPostgres, type RunningPostgres } from "@/scripts/lib/embedded-postgres";
import { freePort } from "@/scripts/lib/test-stack";
import { createPrismaClient } from "./client";
import type { PrismaClient } from "./generated/client";
import {
  DATABASE_UNAVAILABLE_DIGEST_PREFIX,
  isDatabaseBusy,
  isDatabaseUnavailable,
} from "@/lib/shared/database-unavailable";

let dir: string;
let options: Parameters<typeof startEmbeddedPostgres>[0];
let server: RunningPostgres;
let prisma: PrismaClient;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "guestpass-unavailable-"));
  options = {
    dataDir: path.join(dir, "postgres"),
    port: await freePort(),
    database: "guestpass_unavailable",
    detached: false,
  };
  server = await startEmbeddedPostgres(options);
  await migrateDatabase(server.url);
  prisma = createPrismaClient(server.url);
}, 120_000);

afterAll(async () => {
  await prisma?.$disconnect().catch(() => undefined);
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function failure(work: Promise<unknown>): Promise<unknown> {
  try {
    await work;
  } catch (error) {
    return error;
  }
  throw new Error("expected the database call to fail");
}

function expectOutage(error: unknown) {
  expect(isDatabaseUnavailable(error), String(error)).toBe(true);
  expect((error as { digest?: string }).digest).toMatch(new RegExp(`^${DATABASE_UNAVAILABLE_DIGEST_PREFIX}[a-z0-9]+$`));
}

/** Ends every other connection to the test database, as an administrator (or a crash) would: 57P01. */
async function terminateConnections(afterMs: number) {
  await new Promise((resolve) => setTimeout(resolve, afterMs));
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  try {
    const { rowCount } = await admin.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND datname = $1",
      [options.database],
    );
    return rowCount;
  } finally {
    await admin.end();
  }
}

describe("database outage errors", () => {
  it("ordinary failures are not an outage", async () => {
    await prisma.user.create({
      data: { entraTenantId: "t", entraObjectId: "dup", email: "dup@contoso.com", name: "Dup", roles: [] },
    });
    const duplicate = await failure(
      prisma.user.create({
        data: { entraTenantId: "t", entraObjectId: "dup", email: "dup@contoso.com", name: "Dup", roles: [] },
      }),
    );
    expect((duplicate as { code?: string }).code).toBe("P2002");
    expect(isDatabaseUnavailable(duplicate)).toBe(false);
    expect((duplicate as { digest?: string }).digest).toBeUndefined();
    const syntax = await failure(prisma.$queryRawUnsafe("SELEC 1"));
    expect(isDatabaseUnavailable(syntax)).toBe(false);
  });

  it("every pooled connection busy past a transaction's wait is busy, not an outage", async () => {
    // The pool's 40 connections each held by a transaction for 2 s; one more may wait 200 ms.
    const holders = Array.from({ length: 40 }, () =>
      prisma.$transaction(async (tx) => tx.$executeRaw`SELECT pg_sleep(2)`, { timeout: 10_000 }),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const busy = await failure(prisma.$transaction(async (tx) => tx.$queryRaw`SELECT 1`, { maxWait: 200 }));
    await Promise.all(holders);
    expect(isDatabaseBusy(busy)).toBe(true);
    expect(isDatabaseUnavailable(busy)).toBe(false);
    expect(isDatabaseBusy(new Error("Unable to start a transaction in the given time"))).toBe(false);
    // Once a connection is free, the same transaction starts.
    await expect(prisma.$transaction(async (tx) => tx.$queryRaw`SELECT 1`, { maxWait: 200 })).resolves.toBeDefined();
  });

  it("a connection the server ends mid-query (57P01) and mid-transaction", async () => {
    const [midQuery] = await Promise.all([
      failure(prisma.$queryRawUnsafe("SELECT pg_sleep(5)::text")),
      terminateConnections(700),
    ]);
    expect(JSON.stringify((midQuery as { meta?: unknown }).meta)).toContain("57P01");
    expectOutage(midQuery);

    // Killed between two statements: pg's own plain Error, no code at all.
    const [betweenStatements] = await Promise.all([
      failure(
        prisma.$transaction(async (tx) => {
          await tx.invitation.count();
          await new Promise((resolve) => setTimeout(resolve, 1_500));
          return tx.invitation.count();
        }),
      ),
      terminateConnections(700),
    ]);
    expectOutage(betweenStatements);
    await expect(prisma.invitation.count()).resolves.toBeTypeOf("number"); // the pool heals by itself
  }, 30_000);

  it("a server that is down (ECONNREFUSED) and one shut down mid-query, then back", async () => {
    const slow = failure(prisma.$transaction(async (tx) => tx.$executeRawUnsafe("SELECT pg_sleep(5)")));
    await new Promise((resolve) => setTimeout(resolve, 700));
    await server.stop();
    expectOutage(await slow);

    const refused = await failure(prisma.invitation.count());
    expect((refused as { code?: string }).code).toBe("P1001");
    expectOutage(refused);
    expectOutage(
      await failure(prisma.invitation.findUnique({ where: { id: "00000000-0000-4000-8000-000000000000" } })),
    );
    expectOutage(
      await failure(
        prisma.auditLogEntry.create({
          data: { actorType: "System", action: "test", outcome: "Success", correlationId: "x" },
        }),
      ),
    );
    expectOutage(await failure(prisma.$queryRawUnsafe("SELECT 1")));
    expectOutage(await failure(prisma.$transaction(async (tx) => tx.invitation.count())));
    expectOutage(await failure(prisma.$transaction([prisma.invitation.count(), prisma.user.count()])));

    server = await startEmbeddedPostgres(options);
    await expect(prisma.$transaction([prisma.invitation.count(), prisma.user.count()])).resolves.toHaveLength(2);
  }, 60_000);
});
