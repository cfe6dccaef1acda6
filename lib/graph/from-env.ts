import "server-only";
import { getEnv } from "@/lib/env";
import { appOnlyTokenProviderFromEnv } from "@/lib/identity/app-only-from-env";
import { createGraphClient, type GraphClient } from "./client";

let client: GraphClient | undefined;

/** The process-wide app-only Graph client on GRAPH_BASE_URL (invites, lookups, status sync). */
export function appGraphClientFromEnv(): GraphClient {
  if (client) return client;
  const tokens = appOnlyTokenProviderFromEnv();
  client = createGraphClient({
    baseUrl: getEnv().GRAPH_BASE_URL,
    getAccessToken: (options) => tokens.getAccessToken(options),
  });
  return client;
}

export function resetAppGraphClientForTests(): void {
  client = undefined;
}
