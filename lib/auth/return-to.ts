import "server-only";
// Where to send staff after sign-in. Only same-origin paths: a crafted ?callbackUrl= must not turn
// the sign-in page into an open redirect.
export function safeReturnPath(value: string | string[] | undefined, fallback = "/invitations"): string {
  const candidate = Array.isArray(value) ? value[0] : value;
  if (!candidate || !candidate.startsWith("/") || candidate.startsWith("//") || candidate.includes("\\"))
    return fallback;
  return candidate;
}
