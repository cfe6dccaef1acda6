import "server-only";
// Settings → API keys (admins): create a key (shown once; only its hash is kept) and revoke one.
// Both are staff action definitions, so each is validated, authorized, done and audited the same way.
import { z } from "zod";
import { ActionError } from "@/lib/actions/action-error";
import { defineStaffAction, type Validation } from "@/lib/actions/staff-action";
import { canManageApiKeys } from "@/lib/auth/permissions";
import { prisma } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import {
  API_KEY_LIFETIMES,
  API_SCOPES,
  type ApiKeyCreated,
  type ApiKeyLifetime,
  type ApiKeyRevoked,
  type ApiScope,
} from "@/lib/shared/api-scopes";
import { generateApiKeySecret } from "./secret";

interface CreateApiKeyInput {
  name: string;
  scopes: ApiScope[];
  lifetime: ApiKeyLifetime;
}

const DAY_MS = 24 * 60 * 60 * 1000;

const createSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Give the key a name that says who uses it.")
    .max(80, "Keep the name under 80 characters."),
  scopes: z
    .array(z.enum(API_SCOPES, "That is not a scope Guestpass knows."))
    .min(1, "Choose at least one thing this key may do."),
  lifetime: z.enum(
    API_KEY_LIFETIMES.map((lifetime) => lifetime.value) as [ApiKeyLifetime, ...ApiKeyLifetime[]],
    "Choose how long the key lasts.",
  ),
});

function validateCreate(raw: unknown): Validation<CreateApiKeyInput> {
  const form = raw instanceof FormData ? raw : null;
  const candidate = form
    ? { name: form.get("name") ?? "", scopes: form.getAll("scopes"), lifetime: form.get("lifetime") ?? "" }
    : (raw as Record<string, unknown> | null);
  const parsed = createSchema.safeParse(candidate);
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) (fieldErrors[String(issue.path[0] ?? "name")] ??= []).push(issue.message);
    return { ok: false, fieldErrors };
  }
  const scopes = [...new Set(parsed.data.scopes)];
  // tokens:issue lets a token leave Guestpass: only where the operator turned it on.
  if (scopes.includes("tokens:issue") && !getEnv().API_TOKEN_ISSUE_ENABLED) {
    return {
      ok: false,
      fieldErrors: { scopes: ["Handing out access tokens is turned off on this Guestpass (API_TOKEN_ISSUE_ENABLED)."] },
    };
  }
  return { ok: true, value: { ...parsed.data, scopes } };
}

export const createApiKeyAction = defineStaffAction<CreateApiKeyInput, ApiKeyCreated>({
  action: "api_key.create",
  allowed: canManageApiKeys,
  validate: validateCreate,
  deniedMessage: "Only administrators can create API keys.",
  async run(input, context) {
    const days = API_KEY_LIFETIMES.find((lifetime) => lifetime.value === input.lifetime)?.days ?? null;
    const expiresAt = days === null ? null : new Date(Date.now() + days * DAY_MS);
    const secret = generateApiKeySecret();
    const created = await prisma.apiKey.create({
      data: {
        name: input.name,
        prefix: secret.prefix,
        secretHash: secret.secretHash,
        scopes: input.scopes,
        expiresAt,
        createdById: context.staff.userId,
      },
      select: { id: true },
    });
    context.setAuditTarget({ type: "api_key", id: created.id });
    context.addAuditDetail({
      name: input.name,
      prefix: secret.prefix,
      scopes: input.scopes,
      expiresAt: expiresAt?.toISOString() ?? null,
    });
    return {
      id: created.id,
      name: input.name,
      prefix: secret.prefix,
      key: secret.key,
      scopes: input.scopes,
      expiresAt: expiresAt?.toISOString() ?? null,
    };
  },
  successMessage: (created) => `API key "${created.name}" created: copy it now, it is not shown again.`,
});

const keyId = z.uuid();

export const revokeApiKeyAction = defineStaffAction<string, ApiKeyRevoked>({
  action: "api_key.revoke",
  allowed: canManageApiKeys,
  validate: (raw) => {
    const parsed = keyId.safeParse(raw);
    return parsed.success
      ? { ok: true, value: parsed.data.toLowerCase() }
      : { ok: false, message: "That API key does not exist." };
  },
  deniedMessage: "Only administrators can revoke API keys.",
  target: (id) => ({ type: "api_key", id }),
  async run(id, context) {
    const key = await prisma.apiKey.findUnique({
      where: { id },
      select: { name: true, prefix: true, revokedAt: true },
    });
    if (!key) throw new ActionError("not_found", "That API key does not exist.");
    if (key.revokedAt) throw new ActionError("conflict", "That API key was already revoked.");
    // Conditional on still being live, so two admins revoking at once record one revocation.
    const { count } = await prisma.apiKey.updateMany({
      where: { id, revokedAt: null },
      data: { revokedAt: new Date(), revokedById: context.staff.userId },
    });
    if (count === 0) throw new ActionError("conflict", "That API key was already revoked.");
    context.addAuditDetail({ name: key.name, prefix: key.prefix });
    return { id, name: key.name };
  },
  successMessage: (revoked) => `API key "${revoked.name}" revoked: calls with it are refused from now on.`,
});
