import "server-only";
// Who is calling the API: the key in `Authorization: Bearer gpk_…`, found by its prefix and compared
// in constant time (lib/api/keys/secret.ts), refused when unknown, revoked or expired, then checked
// for the scope the operation needs. A refusal of a well-formed key is audited with the key as
// the actor (a missing or malformed credential is only logged: anyone can send those, and each
// one written to the audit log would let anyone fill it).
import { recordAuditEntry, type AuditEntryInput } from "@/lib/audit/record";
import { prisma } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { describeErrorForLog } from "@/lib/errors/user-error";
import { logFor } from "@/lib/log";
import { isApiScope, type ApiScope } from "@/lib/shared/api-scopes";
import { apiKeyMatches, apiKeyPrefixOf } from "./keys/secret";
import { ApiProblem } from "./problem";

const log = logFor("api.auth");

export interface ApiCaller {
  keyId: string;
  keyName: string;
  prefix: string;
  scopes: ApiScope[];
}

/** How the audit log names the caller: the key's name and prefix, never the key. */
export function apiCallerLabel(caller: Pick<ApiCaller, "keyName" | "prefix">): string {
  return `API key "${caller.keyName}" (${caller.prefix}…)`;
}

const LAST_USED_RESOLUTION_MS = 60_000;

function bearerOf(request: Request): string | null {
  const header = request.headers.get("authorization");
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1] ?? null;
}

export interface RefusalContext {
  method: string;
  /** The operation's path template, e.g. "/grants/{id}". */
  operation: string;
  correlationId: string;
}

/** What a key did, for the audit log: as the key, under the request's correlation id. */
export type ApiCallAudit = Pick<AuditEntryInput, "action" | "targetType" | "targetId" | "detail"> & {
  outcome?: "Success" | "Failed";
};

/** Records a call a key made (its success, or a failure the operation explains). */
export async function auditApiCall(
  caller: Pick<ApiCaller, "keyId" | "keyName" | "prefix">,
  correlationId: string,
  entry: ApiCallAudit,
): Promise<void> {
  await recordAuditEntry({
    actorType: "ApiKey",
    actorId: caller.keyId,
    actorEmail: apiCallerLabel(caller),
    outcome: "Success",
    ...entry,
    correlationId,
  });
}

export async function auditRefusal(
  caller: Pick<ApiCaller, "keyId" | "keyName" | "prefix"> | null,
  reason: string,
  context: RefusalContext,
  extra: Record<string, string> = {},
): Promise<void> {
  try {
    await recordAuditEntry({
      actorType: caller ? "ApiKey" : "System",
      actorId: caller?.keyId ?? null,
      actorEmail: caller ? apiCallerLabel(caller) : null,
      action: "api.refused",
      targetType: caller ? "api_key" : null,
      targetId: caller?.keyId ?? null,
      outcome: "Denied",
      detail: { reason, method: context.method, operation: context.operation, ...extra },
      correlationId: context.correlationId,
    });
  } catch (error) {
    log.error(
      { correlationId: context.correlationId, ...describeErrorForLog(error) },
      "API refusal could not be audited",
    );
  }
}

/** The calling key with `scope`, or an ApiProblem (401/403) after auditing the refusal. */
export async function authenticateApiCall(
  request: Request,
  scope: ApiScope,
  context: RefusalContext,
  now = new Date(),
): Promise<ApiCaller> {
  const presented = bearerOf(request);
  const prefix = presented ? apiKeyPrefixOf(presented) : null;
  if (!presented || !prefix) {
    log.info(
      {
        correlationId: context.correlationId,
        operation: context.operation,
        reason: presented ? "malformed" : "missing",
      },
      "API call without a valid key",
    );
    throw new ApiProblem(
      401,
      "api.unauthenticated",
      presented
        ? "The Authorization header does not hold a Guestpass API key."
        : "Send an API key as Authorization: Bearer gpk_….",
      {
        headers: { "www-authenticate": 'Bearer realm="guestpass"' },
      },
    );
  }
  const row = await prisma.apiKey.findUnique({
    where: { prefix },
    select: {
      id: true,
      name: true,
      prefix: true,
      secretHash: true,
      scopes: true,
      revokedAt: true,
      expiresAt: true,
      lastUsedAt: true,
    },
  });
  // Compared even when no row has the prefix, so both answers take the same work.
  const matches = apiKeyMatches(presented, row?.secretHash ?? null);
  if (!row || !matches) {
    log.info(
      { correlationId: context.correlationId, operation: context.operation, prefix },
      "API call with an unknown key",
    );
    if (row) await auditRefusal({ keyId: row.id, keyName: row.name, prefix: row.prefix }, "wrong_secret", context);
    throw new ApiProblem(401, "api.unauthenticated", "This API key is not known to Guestpass.", {
      headers: { "www-authenticate": 'Bearer realm="guestpass", error="invalid_token"' },
    });
  }
  const caller: ApiCaller = {
    keyId: row.id,
    keyName: row.name,
    prefix: row.prefix,
    scopes: row.scopes.filter(isApiScope),
  };
  if (row.revokedAt) {
    await auditRefusal(caller, "revoked", context);
    throw new ApiProblem(401, "api.key_revoked", undefined, {
      headers: { "www-authenticate": 'Bearer realm="guestpass", error="invalid_token"' },
    });
  }
  if (row.expiresAt && row.expiresAt <= now) {
    await auditRefusal(caller, "expired", context);
    throw new ApiProblem(401, "api.key_expired", undefined, {
      headers: { "www-authenticate": 'Bearer realm="guestpass", error="invalid_token"' },
    });
  }
  if (!caller.scopes.includes(scope)) {
    await auditRefusal(caller, "scope_missing", context, { scope });
    throw new ApiProblem(
      403,
      "api.scope_missing",
      `This call needs the scope ${scope}; the key has ${caller.scopes.join(", ") || "none"}.`,
    );
  }
  if (scope === "tokens:issue" && !getEnv().API_TOKEN_ISSUE_ENABLED) {
    await auditRefusal(caller, "scope_disabled", context, { scope });
    throw new ApiProblem(403, "api.scope_disabled");
  }
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    // At most one write a minute per key; a lost race only skips an update nobody needs.
    await prisma.apiKey.updateMany({
      where: {
        id: row.id,
        OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now.getTime() - LAST_USED_RESOLUTION_MS) } }],
      },
      data: { lastUsedAt: now },
    });
  }
  return caller;
}
