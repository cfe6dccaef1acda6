// What an API key may do: its scopes, with the words the Settings → API keys page shows for each.
// Types and constants only (safe in a browser bundle); the API checks them in lib/api/.

export const API_SCOPES = [
  "invitations:read",
  "invitations:write",
  "grants:read",
  "grants:delete",
  "mail:send",
  "graph:proxy",
  "tokens:issue",
] as const;

export type ApiScope = (typeof API_SCOPES)[number];

export interface ApiScopeDescription {
  label: string;
  description: string;
  /** Hands out something that outlives the call (a user's access token): marked as dangerous in the UI. */
  dangerous?: true;
}

export const API_SCOPE_DESCRIPTIONS: Record<ApiScope, ApiScopeDescription> = {
  "invitations:read": { label: "Read invitations", description: "List invitations and read one, with its status." },
  "invitations:write": {
    label: "Invite users",
    description: "Create invitations, resend them and create consent links.",
  },
  "grants:read": {
    label: "Read grants",
    description: "List the users who consented and read one grant, with its status.",
  },
  "grants:delete": { label: "Erase grants", description: "Erase a user's stored tokens; they must consent again." },
  "mail:send": {
    label: "Send mail as users",
    description: "Queue mail sent as a consented user through Microsoft Graph.",
  },
  "graph:proxy": {
    label: "Call Microsoft Graph as users",
    description: "Forward requests to Microsoft Graph with a user's token, within what their consent allows.",
  },
  "tokens:issue": {
    label: "Hand out access tokens",
    description:
      "Returns a user's current access token to the caller, who can then act as that user without Guestpass until it expires.",
    dangerous: true,
  },
};

export function isApiScope(value: string): value is ApiScope {
  return (API_SCOPES as readonly string[]).includes(value);
}

/** How long a new key lasts, as the create form offers it; null: until revoked. */
export const API_KEY_LIFETIMES = [
  { value: "30", label: "30 days", days: 30 },
  { value: "90", label: "90 days", days: 90 },
  { value: "365", label: "1 year", days: 365 },
  { value: "never", label: "No expiry", days: null },
] as const;

export type ApiKeyLifetime = (typeof API_KEY_LIFETIMES)[number]["value"];

/** What the create action returns: the key itself, shown once and never again. */
export interface ApiKeyCreated {
  id: string;
  name: string;
  prefix: string;
  key: string;
  scopes: ApiScope[];
  expiresAt: string | null;
}

export interface ApiKeyRevoked {
  id: string;
  name: string;
}
