import "server-only";
// The registration check as this deployment runs it: its configuration, the process-wide app-only
// token provider and Graph client.
import { getEnv } from "@/lib/env";
import { appGraphClientFromEnv } from "@/lib/graph/from-env";
import { appOnlyTokenProviderFromEnv } from "@/lib/identity/app-only-from-env";
import type { RegistrationCheckContext } from "./checks/context";
import { deploymentRegistration } from "./deployment";

export function registrationCheckContextFromEnv(now: Date = new Date()): RegistrationCheckContext {
  const secret = getEnv().AZURE_CLIENT_SECRET;
  return {
    deployment: deploymentRegistration(),
    tokens: appOnlyTokenProviderFromEnv(),
    graph: appGraphClientFromEnv(),
    // Graph shows a secret's first three characters as its hint: enough to tell which one is in use.
    secretHint: secret?.slice(0, 3),
    now,
  };
}
