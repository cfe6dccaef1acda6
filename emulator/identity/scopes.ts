// Scopes as Entra reads them: OIDC scopes, Graph permissions (bare or `https://graph.microsoft.com/…`),
// and `.default`. The emulator serves one resource for delegated tokens, Graph.
import { GRAPH_APP_ID, GRAPH_RESOURCE } from "./tokens";
import { aadsts } from "./errors";

export const OIDC_SCOPES = ["openid", "profile", "email", "offline_access"] as const;

/** Delegated Graph permissions the emulator knows, with the text the consent screen shows. */
export const GRAPH_DELEGATED_PERMISSIONS: Record<string, string> = {
  "User.Read": "Sign you in and read your profile",
  "User.ReadBasic.All": "Read all users' basic profiles",
  "User.Read.All": "Read all users' full profiles",
  "User.ReadWrite.All": "Read and write all users' full profiles",
  "User.Invite.All": "Invite guest users to the organization",
  "Mail.Send": "Send mail as you",
  "Mail.Send.Shared": "Send mail on behalf of others or yourself",
  "Mail.Read": "Read your mail",
  "Mail.ReadWrite": "Read and write access to your mail",
  "Directory.Read.All": "Read directory data",
};

export const OIDC_SCOPE_TEXT: Record<string, string> = {
  openid: "Sign you in",
  profile: "View your basic profile",
  email: "View your email address",
  offline_access: "Maintain access to data you have given it access to",
};

const canonicalGraph = new Map(Object.keys(GRAPH_DELEGATED_PERMISSIONS).map((name) => [name.toLowerCase(), name]));

/**
 * Normalizes requested scopes to their short names ("Mail.Send", "openid"), as Entra reports them
 * for Graph; `.default` expands to the permissions the app registration lists. Unknown → invalid_scope.
 */
export function normalizeScopes(requested: string[], registered: string[]): string[] {
  const result: string[] = [];
  const add = (scope: string) => {
    if (!result.includes(scope)) result.push(scope);
  };
  for (const raw of requested) {
    const lower = raw.toLowerCase();
    if ((OIDC_SCOPES as readonly string[]).includes(lower)) {
      add(lower);
      continue;
    }
    let name = raw;
    for (const prefix of [`${GRAPH_RESOURCE}/`, `${GRAPH_APP_ID}/`]) {
      if (lower.startsWith(prefix.toLowerCase())) name = raw.slice(prefix.length);
    }
    if (name === ".default") {
      for (const scope of registered) add(scope);
      continue;
    }
    const known = canonicalGraph.get(name.toLowerCase());
    if (!known) throw aadsts.invalidScope(raw);
    add(known);
  }
  return result;
}

/** The scopes an access token carries in `scp` (all but offline_access, as Entra). */
export function accessTokenScopes(scopes: string[]): string[] {
  return scopes.filter((scope) => scope !== "offline_access");
}

export function describeScope(scope: string): string {
  return OIDC_SCOPE_TEXT[scope] ?? GRAPH_DELEGATED_PERMISSIONS[scope] ?? scope;
}
