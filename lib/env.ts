import "server-only";
// The one place that reads configuration. Names follow the configuration table in docs/design.md (a public interface).
// Server code only ("server-only"); a runtime guard keeps it out of browsers too.
import { z } from "zod";

/** Microsoft's identity platform, what MICROSOFT_AUTHORITY_HOST is when unset. */
export const MICROSOFT_AUTHORITY_HOST_DEFAULT = "https://login.microsoftonline.com";
const GRAPH_BASE_URL_DEFAULT = "https://graph.microsoft.com";
export const DEFAULT_CONSENT_SCOPES = "openid offline_access email profile User.Read Mail.Send";
const REQUIRED_CONSENT_SCOPES = ["openid", "offline_access"] as const;

/** Empty strings in .env files mean "not set", not "set to nothing". */
const optionalString = z.preprocess(
  (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
  z.string().trim().optional(),
);

function required(description: string) {
  return z.preprocess(
    (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
    z
      .string({ error: (issue) => (issue.input === undefined ? `missing (${description})` : "must be a string") })
      .trim(),
  );
}

/** A URL without a trailing slash, so callers can append paths without doubling it. */
function baseUrl(description: string, fallback?: string) {
  const base = fallback === undefined ? required(description) : optionalString.default(fallback);
  return base
    .pipe(z.url({ protocol: /^https?$/, error: `must be an http(s) URL (${description})` }))
    .transform((url) => url.replace(/\/+$/, ""));
}

function httpsBaseUrl(description: string, fallback: string) {
  return baseUrl(description, fallback).refine((url) => url.startsWith("https://"), {
    message: `must be an https URL (${description}); Microsoft clients refuse plain http`,
  });
}

/** TOKEN_ENCRYPTION_KEY: comma-separated `[keyId:]base64key` entries of 32 bytes; the first one encrypts. */
export interface TokenEncryptionKey {
  id: string;
  key: Buffer;
}

export function parseTokenEncryptionKeys(value: string): TokenEncryptionKey[] {
  const entries = value
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new Error("no key given");
  const keys = entries.map((entry, index) => {
    const colon = entry.indexOf(":");
    const id = colon === -1 ? `k${index + 1}` : entry.slice(0, colon);
    const encoded = colon === -1 ? entry : entry.slice(colon + 1);
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(id)) throw new Error(`key id "${id}" must be 1-32 letters, digits, _ or -`);
    const key = Buffer.from(encoded, "base64");
    if (key.length !== 32) throw new Error(`key "${id}" must be 32 bytes in base64 (openssl rand -base64 32)`);
    return { id, key };
  });
  if (new Set(keys.map((k) => k.id)).size !== keys.length) throw new Error("key ids must be unique");
  return keys;
}

const envSchema = z.object({
  DATABASE_URL: required("PostgreSQL URL; npm scripts start an embedded PostgreSQL when unset").pipe(
    z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL"),
  ),
  APP_URL: baseUrl("public base URL of the portal", "http://localhost:3000"),
  AZURE_TENANT_ID: required("tenant id of the app registration"),
  AZURE_CLIENT_ID: required("application (client) id of the app registration"),
  AZURE_CLIENT_SECRET: optionalString,
  AZURE_CLIENT_CERTIFICATE_PATH: optionalString,
  MICROSOFT_AUTHORITY_HOST: httpsBaseUrl("identity platform base URL", MICROSOFT_AUTHORITY_HOST_DEFAULT),
  GRAPH_BASE_URL: httpsBaseUrl("Microsoft Graph base URL", GRAPH_BASE_URL_DEFAULT),
  CONSENT_AUTHORITY: optionalString
    .default("common")
    .pipe(
      z
        .string()
        .regex(/^(common|organizations|consumers|[A-Za-z0-9.-]+)$/, "must be common, organizations or a tenant id"),
    ),
  CONSENT_SCOPES: optionalString.default(DEFAULT_CONSENT_SCOPES).transform((value, ctx) => {
    const scopes = value.split(/\s+/).filter(Boolean);
    const absent = REQUIRED_CONSENT_SCOPES.filter((scope) => !scopes.includes(scope));
    if (absent.length > 0) {
      ctx.addIssue({
        code: "custom",
        message: `must include ${absent.join(" and ")} (without offline_access no refresh token comes back)`,
      });
      return z.NEVER;
    }
    return scopes;
  }),
  TOKEN_ENCRYPTION_KEY: required("key for tokens at rest: openssl rand -base64 32").superRefine((value, ctx) => {
    try {
      parseTokenEncryptionKeys(value);
    } catch (error) {
      ctx.addIssue({ code: "custom", message: (error as Error).message });
    }
  }),
  AUTH_SECRET: required("Auth.js session secret: openssl rand -base64 32").pipe(
    z.string().min(32, "must be at least 32 characters (openssl rand -base64 32)"),
  ),
  // Whether API keys may carry tokens:issue (hand a user's access token to the caller). Off unless
  // an operator turns it on: with it, tokens leave Guestpass.
  API_TOKEN_ISSUE_ENABLED: optionalString
    .default("false")
    .pipe(z.enum(["true", "false"], "must be true or false"))
    .transform((value) => value === "true"),
  // Development only: webhook endpoints may be plain http to a loopback address (a receiver on the
  // developer's machine). Never private or link-local addresses, and off unless turned on.
  WEBHOOK_ALLOW_LOOPBACK_HTTP: optionalString
    .default("false")
    .pipe(z.enum(["true", "false"], "must be true or false"))
    .transform((value) => value === "true"),
  // How many reverse proxies in front of the portal append to X-Forwarded-For. 0: the header is
  // the client's to forge, so rate limits key on the socket address (lib/security/client-address.ts).
  TRUSTED_PROXY_HOPS: optionalString
    .default("0")
    .pipe(z.string().regex(/^\d{1,2}$/, "must be a whole number of proxies (0 when clients connect directly)"))
    .transform(Number),
});

export type Env = z.output<typeof envSchema>;
export type EnvVariableName = keyof z.input<typeof envSchema>;

/** Names every missing or malformed variable at once; never echoes a value (it may be a secret). */
export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Guestpass configuration is invalid:\n${problems.map((p) => `  - ${p}`).join("\n")}\nSee .env.example.`);
    this.name = "EnvError";
  }
}

/** Checked beside the schema so it is reported together with every other problem, not after them. */
function credentialProblem(source: Record<string, string | undefined>): string | undefined {
  const isSet = (name: string) => (source[name] ?? "").trim() !== "";
  const hasSecret = isSet("AZURE_CLIENT_SECRET");
  if (hasSecret === isSet("AZURE_CLIENT_CERTIFICATE_PATH")) {
    return hasSecret
      ? "AZURE_CLIENT_CERTIFICATE_PATH: set either AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH, not both"
      : "AZURE_CLIENT_SECRET: missing (set AZURE_CLIENT_SECRET, or AZURE_CLIENT_CERTIFICATE_PATH to a PEM with key + certificate)";
  }
  return undefined;
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  const problems = result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.join(".") || "configuration"}: ${issue.message}`);
  const credential = credentialProblem(source);
  if (credential) problems.push(credential);
  if (result.success && problems.length === 0) return result.data;
  throw new EnvError([...new Set(problems)]);
}

let cached: Env | undefined;

/** The validated configuration, parsed on first use (so `next build` does not need secrets). */
export function getEnv(): Env {
  if (typeof window !== "undefined") {
    throw new Error("lib/env is server code: configuration and secrets must not reach the browser");
  }
  cached ??= parseEnv(process.env);
  return cached;
}

const databaseUrlSchema = z.object({ DATABASE_URL: envSchema.shape.DATABASE_URL });

/**
 * Only the database URL, for processes that need nothing else (seed, migrations, job tests).
 * The full configuration is still validated by whoever calls getEnv().
 */
export function getDatabaseUrl(): string {
  if (typeof window !== "undefined") throw new Error("lib/env is server code");
  const result = databaseUrlSchema.safeParse(process.env);
  if (!result.success) {
    throw new EnvError(result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`));
  }
  return result.data.DATABASE_URL;
}

/**
 * Auth.js takes its base URL only from process.env.AUTH_URL; unset, it builds callback and redirect
 * URLs from the request's Host / X-Forwarded-Host, which any client can set. This pins it to
 * APP_URL (an AUTH_URL set by hand is overridden: APP_URL is the one public address).
 */
export function pinAuthJsUrlToAppUrl(): void {
  process.env.AUTH_URL = `${getEnv().APP_URL}/api/auth`;
}

/** Drops the cached configuration; for tests and scripts that change process.env. */
export function resetEnvForTests(): void {
  cached = undefined;
}

/** `env.APP_URL` reads like a constant but validates lazily on first access. */
export const env: Readonly<Env> = new Proxy({} as Env, {
  get: (_target, name) => getEnv()[name as keyof Env],
  has: (_target, name) => name in getEnv(),
  ownKeys: () => Reflect.ownKeys(getEnv()),
  getOwnPropertyDescriptor: (_target, name) => ({
    enumerable: true,
    configurable: true,
    value: getEnv()[name as keyof Env],
  }),
});
