import "server-only";
// What each delegated permission lets Guestpass do, in words for the invited user.
const DESCRIPTIONS: Record<string, string> = {
  "mail.send": "Send email as you, from your mailbox.",
  "user.read": "Read your basic profile (name, email address, job title).",
  offline_access: "Keep this access until you remove it, so you are not asked to sign in again.",
  profile: "See your name.",
  email: "See your email address.",
};

const ORDER = Object.keys(DESCRIPTIONS);
const rank = (scope: string) => (ORDER.includes(scope.toLowerCase()) ? ORDER.indexOf(scope.toLowerCase()) : ORDER.length);

/** One sentence per permission, most consequential first; `openid` (sign-in itself) is not listed. */
export function describeConsentScopes(scopes: readonly string[]): string[] {
  const lines = scopes
    .filter((scope) => scope !== "openid")
    .sort((a, b) => rank(a) - rank(b))
    .map((scope) => DESCRIPTIONS[scope.toLowerCase()] ?? `Use the "${scope}" permission.`);
  return [...new Set(lines)];
}
