import "server-only";
/**
 * Removes anything that looks like a credential from text that may be shown or logged.
 * Microsoft's error messages sometimes echo request parameters; an upstream library may put a
 * token in a message. Better to over-redact an opaque string than to leak a refresh token.
 */
const REDACTED = "[redacted]";

const patterns: readonly RegExp[] = [
  // JWTs (access/ID tokens, client assertions): three base64url parts, header starts with eyJ.
  /eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g,
  // Authorization headers.
  /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
  // Azure client secret values look like "abc8Q~" followed by ~34 characters.
  /\b[A-Za-z0-9_.-]{3,6}[0-9]Q~[A-Za-z0-9_.~-]{20,}/g,
];

// key=value or "key":"value" forms of sensitive parameters.
const sensitiveKeys =
  "access_token|refresh_token|id_token|client_secret|client_assertion|code_verifier|password|secret|assertion|token";
const keyValue = new RegExp(`\\b(${sensitiveKeys}|code(?==))(\\s*[=:]\\s*)("?)[^\\s"&,;}]+`, "gi");
const jsonKeyValue = new RegExp(`"(${sensitiveKeys})"(\\s*:\\s*)"[^"]*"`, "gi");

// Long opaque strings (refresh tokens, encrypted blobs) that carry both letters and digits.
const opaque = /[A-Za-z0-9+_.~=-]{48,}/g;

export function redactSecrets(text: string): string {
  let out = text;
  for (const pattern of patterns)
    out = out.replace(pattern, (m, scheme?: string) =>
      typeof scheme === "string" && /^(bearer|basic)$/i.test(scheme) ? `${scheme} ${REDACTED}` : REDACTED,
    );
  out = out.replace(jsonKeyValue, (_m, key: string, sep: string) => `"${key}"${sep}"${REDACTED}"`);
  out = out.replace(keyValue, (m, key: string, sep: string, quote: string) =>
    m.endsWith(REDACTED) ? m : `${key}${sep}${quote}${REDACTED}`,
  );
  out = out.replace(opaque, (m) => (/[0-9]/.test(m) && /[A-Za-z]/.test(m) ? REDACTED : m));
  return out;
}
