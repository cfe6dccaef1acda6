// For the Graph tests: the unmodified Microsoft Graph JS client pointed at an emulator, with an
// app-only token from MSAL Node (client credentials) or a delegated token from the emulator's
// token service (the same service its /token endpoint signs with).
import { ConfidentialClientApplication } from "@azure/msal-node";
import { Client, GraphError } from "@microsoft/microsoft-graph-client";
import type { RunningEmulator } from "../server";
import { DEMO_APP, DEMO_TENANTS } from "../state/default-scenario";
import type { User } from "../state/types";

export function graphClientWithToken(emulator: RunningEmulator, getAccessToken: () => Promise<string>): Client {
  return Client.initWithMiddleware({
    baseUrl: `${emulator.graphBaseUrl}/`,
    // The client only attaches the token to Graph's own hosts unless told about others.
    customHosts: new Set([new URL(emulator.graphBaseUrl).hostname]),
    authProvider: { getAccessToken },
  });
}

/** App-only client of the demo Guestpass app in Contoso, as the portal builds it. */
export function appGraphClient(emulator: RunningEmulator, tenantId: string = DEMO_TENANTS.contoso.id): Client {
  const msal = new ConfidentialClientApplication({
    auth: {
      clientId: DEMO_APP.clientId,
      clientSecret: DEMO_APP.clientSecret,
      authority: `${emulator.authorityHost}/${tenantId}`,
      knownAuthorities: [new URL(emulator.authorityHost).host],
    },
  });
  return graphClientWithToken(emulator, async () => {
    // skipCache: tests change the app's permissions between calls.
    const result = await msal.acquireTokenByClientCredential({
      scopes: ["https://graph.microsoft.com/.default"],
      skipCache: true,
    });
    if (!result) throw new Error("no token");
    return result.accessToken;
  });
}

/**
 * A delegated Graph token for `user` issued by `issuingTenantId` — the user's home tenant (what the
 * `common` authority yields) or, for a guest object, the inviting tenant (a tenant authority).
 */
export async function delegatedToken(
  emulator: RunningEmulator,
  user: User,
  scopes: string[],
  issuingTenantId: string = user.tenantId,
): Promise<string> {
  const home = emulator.state.homeAccountOf(user);
  const guest = user.userType === "Guest" || user.tenantId !== home.tenantId;
  return emulator.tokens.issueAccessToken({
    tenantId: issuingTenantId,
    appId: DEMO_APP.clientId,
    appDisplayName: DEMO_APP.displayName,
    appidacr: "1",
    user: {
      id: user.id,
      name: user.displayName,
      upn: guest ? null : user.userPrincipalName,
      guestOfIssuer: guest ? `https://sts.windows.net/${home.tenantId}/` : null,
    },
    scopes,
    lifetimeSeconds: 3600,
  });
}

export function delegatedGraphClient(emulator: RunningEmulator, token: string): Client {
  return graphClientWithToken(emulator, async () => token);
}

/** The GraphError a call failed with (the test fails if it succeeded). */
export async function graphFailure(call: Promise<unknown>): Promise<GraphError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof GraphError) return error;
    throw error;
  }
  throw new Error("expected the Graph call to fail");
}

export function setApplicationPermissions(
  emulator: RunningEmulator,
  permissions: string[],
  tenantId: string = DEMO_TENANTS.contoso.id,
): void {
  const app = emulator.state.getApp(DEMO_APP.clientId);
  if (!app) throw new Error("demo app missing from the scenario");
  app.applicationPermissions[tenantId] = permissions;
}
