"use server";
// Settings → API keys: each action finds the session and runs its definition (validate → authorize →
// do → audit → typed result) from lib/api/keys.
import { runStaffAction } from "@/lib/actions/staff-action";
import { createApiKeyAction, revokeApiKeyAction } from "@/lib/api/keys/actions";
import { getStaffSession } from "@/lib/auth/session";
import type { ActionResult } from "@/lib/shared/action-result";
import type { ApiKeyCreated, ApiKeyRevoked } from "@/lib/shared/api-scopes";

export async function createApiKey(form: FormData): Promise<ActionResult<ApiKeyCreated>> {
  return runStaffAction(createApiKeyAction, await getStaffSession(), form);
}

export async function revokeApiKey(id: string): Promise<ActionResult<ApiKeyRevoked>> {
  return runStaffAction(revokeApiKeyAction, await getStaffSession(), id);
}
