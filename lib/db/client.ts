import "server-only";
// The one Prisma client of the process.
// Created on first use, so importing this module (e.g. during `next build`) needs no database.
import { PrismaPg } from "@prisma/adapter-pg";
import { getDatabaseUrl } from "@/lib/env";
import { PrismaClient } from "./generated/client";
import { markDatabaseUnavailable } from "@/lib/shared/database-unavailable";

// pg's default of 10 capped the grant refresher: each refresh holds a connection for its row-locked
// transaction, token call included, so the task's 32 refreshes in flight need 32 connections plus
// room for the worker's other jobs. Connections open only when used and idle ones close after 10 s,
// and the embedded PostgreSQL allows 200 (scripts/lib/embedded-postgres.ts).
const POOL_SIZE = 40;

const globalForPrisma = globalThis as unknown as { guestpassPrisma?: PrismaClient };

/**
 * A client whose errors say so when the database is down: every query (models, raw, inside
 * transactions) and every transaction that cannot start rethrow an outage stamped with the
 * well-known digest (lib/shared/database-unavailable.ts), which the pages' error boundaries recognise.
 */
export function createPrismaClient(connectionString: string): PrismaClient {
  const base = new PrismaClient({ adapter: new PrismaPg({ connectionString, max: POOL_SIZE }) });
  const extended = base.$extends({
    query: {
      async $allOperations({ args, query }) {
        try {
          return await query(args);
        } catch (error) {
          throw markDatabaseUnavailable(error);
        }
      },
    },
  }) as unknown as PrismaClient;
  // Starting an interactive transaction is not a query; its "cannot reach" needs the stamp too.
  const transaction = extended.$transaction.bind(extended) as (...args: unknown[]) => Promise<unknown>;
  return new Proxy(extended, {
    get(target, property) {
      if (property === "$transaction") {
        return (...args: unknown[]) =>
          transaction(...args).catch((error: unknown) => {
            throw markDatabaseUnavailable(error);
          });
      }
      return Reflect.get(target, property) as unknown;
    },
  });
}

export function getPrisma(): PrismaClient {
  // Kept on globalThis so Next's dev-mode module reloads do not open a new pool on every edit.
  globalForPrisma.guestpassPrisma ??= createPrismaClient(getDatabaseUrl());
  return globalForPrisma.guestpassPrisma;
}

/** `prisma.invitation.findMany(...)` without an explicit getPrisma() call; resolves lazily. */
export const prisma: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, property) {
    const client = getPrisma();
    const value = Reflect.get(client, property, client) as unknown;
    return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(client) : value;
  },
});

export async function disconnectPrisma(): Promise<void> {
  const client = globalForPrisma.guestpassPrisma;
  globalForPrisma.guestpassPrisma = undefined;
  await client?.$disconnect();
}
