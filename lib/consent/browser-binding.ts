import "server-only";
// The cookie that binds an OAuth round trip to the browser that started it. HttpOnly (scripts
// cannot read it), SameSite=Lax (sent on the top-level GET redirect back from Microsoft, not on
// cross-site subrequests), scoped to /consent, Secure whenever the portal is served over https.
export const BROWSER_BINDING_COOKIE = "guestpass_consent_binding";
const MAX_AGE_SECONDS = 60 * 60;

export interface CookieSpec {
  name: string;
  value: string;
  httpOnly: true;
  sameSite: "lax";
  secure: boolean;
  path: string;
  maxAge: number;
}

export function browserBindingCookie(value: string, appUrl: string): CookieSpec {
  return {
    name: BROWSER_BINDING_COOKIE,
    value,
    httpOnly: true,
    sameSite: "lax",
    secure: appUrl.startsWith("https://"),
    path: "/consent",
    maxAge: MAX_AGE_SECONDS,
  };
}
