import "server-only";
// Which sentence of the invited person's message files (namespace "permissions") describes each
// delegated permission, most consequential first.
const KEYS = {
  "mail.send": "mailSend",
  "user.read": "userRead",
  offline_access: "offlineAccess",
  profile: "profile",
  email: "email",
} as const;

export type PermissionLine =
  { key: (typeof KEYS)[keyof typeof KEYS]; scope?: undefined } | { key: "other"; scope: string };

const ORDER = Object.keys(KEYS);
const rank = (scope: string) =>
  ORDER.includes(scope.toLowerCase()) ? ORDER.indexOf(scope.toLowerCase()) : ORDER.length;

/** One line per permission, most consequential first; `openid` (sign-in itself) is not listed. */
export function consentPermissionKeys(scopes: readonly string[]): PermissionLine[] {
  const seen = new Set<string>();
  const lines: PermissionLine[] = [];
  for (const scope of [...scopes].filter((s) => s !== "openid").sort((a, b) => rank(a) - rank(b))) {
    const known = KEYS[scope.toLowerCase() as keyof typeof KEYS];
    const line: PermissionLine = known ? { key: known } : { key: "other", scope };
    const id = `${line.key}:${line.scope ?? ""}`;
    if (!seen.has(id)) lines.push(line);
    seen.add(id);
  }
  return lines;
}
