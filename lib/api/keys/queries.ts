import "server-only";
// Reads for Settings → API keys: what each key is, never the key itself (only its hash is stored).
import { prisma } from "@/lib/db/client";
import { isApiScope, type ApiScope } from "@/lib/shared/api-scopes";

export interface ApiKeySummary {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiScope[];
  createdAt: Date;
  createdBy: string | null;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  revokedBy: string | null;
  state: "live" | "revoked" | "expired";
}

/** Live keys first (newest first), then revoked and expired ones, up to `limit`. */
export async function listApiKeys(limit = 200): Promise<ApiKeySummary[]> {
  const rows = await prisma.apiKey.findMany({
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    select: {
      id: true,
      name: true,
      prefix: true,
      scopes: true,
      createdAt: true,
      expiresAt: true,
      lastUsedAt: true,
      revokedAt: true,
      createdBy: { select: { email: true } },
      revokedBy: { select: { email: true } },
    },
  });
  const now = Date.now();
  const stateOf = (row: (typeof rows)[number]) =>
    row.revokedAt ? "revoked" : row.expiresAt && row.expiresAt.getTime() <= now ? "expired" : "live";
  const live = (row: (typeof rows)[number]) => stateOf(row) === "live";
  return [...rows.filter(live), ...rows.filter((row) => !live(row))].map((row) => ({
    state: stateOf(row),
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes.filter(isApiScope),
    createdAt: row.createdAt,
    createdBy: row.createdBy?.email ?? null,
    expiresAt: row.expiresAt,
    lastUsedAt: row.lastUsedAt,
    revokedAt: row.revokedAt,
    revokedBy: row.revokedBy?.email ?? null,
  }));
}
