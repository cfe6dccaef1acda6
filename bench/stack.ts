// What the benchmark runs against: a throwaway database (a new embedded PostgreSQL, or a new
// database on DATABASE_URL's server — never the operator's own data) with every migration applied,
// and the emulator over HTTPS with the directory a scenario needs (built in memory at start-up:
// 10,000 guests created through the control API would measure the control API).
import { randomBytes } from "node:crypto";
import path from "node:path";
import { startEmulator, type RunningEmulator } from "@/emulator/server";
import { defaultScenario, DEMO_APP, DEMO_TENANTS } from "@/emulator/state/default-scenario";
import type { Scenario } from "@/emulator/state/scenario";
import { EmulatorControl } from "@/emulator/control/client";
import { resetEnvForTests } from "@/lib/env";
import { resetAppGraphClientForTests } from "@/lib/graph/from-env";
import { resetAppOnlyTokenProviderForTests } from "@/lib/identity/app-only-from-env";
import { migrateJobQueue } from "@/lib/jobs/runner";
import { migrateDatabase, PROJECT_ROOT } from "@/scripts/lib/database";
import { freshDatabase } from "@/scripts/lib/test-stack";

export interface DirectorySeed {
  /** Guests of Contoso (the inviting tenant) for the status sync. */
  guests: number;
  /** Of those, how many have redeemed since the last sync (Accepted in the directory). */
  acceptedGuests: number;
  /** Home accounts in Fabrikam (user consent allowed) that have consented to Guestpass. */
  consentedUsers: number;
}

/** Deterministic GUIDs (the scenario schema wants GUIDs) in a range no demo object uses. */
const guid = (prefix: string, n: number) => `${prefix}-0000-4000-b000-${n.toString(16).padStart(12, "0")}`;
export const benchGuestId = (n: number) => guid("be4c0001", n);
export const benchHomeUserId = (n: number) => guid("be4c0002", n);
export const BENCH_GUEST_DOMAIN = "bench-sync.example";
export const benchGuestEmail = (n: number) => `sync-guest-${n}@${BENCH_GUEST_DOMAIN}`;
export const benchHomeUpn = (n: number) => `grant-user-${n}@${DEMO_TENANTS.fabrikam.domain}`;
export const CONSENT_SCOPES = ["openid", "offline_access", "email", "profile", "User.Read", "Mail.Send"];

function benchScenario(appUrl: string, seed: DirectorySeed): Scenario {
  const scenario = defaultScenario(appUrl);
  const changedAt = "2026-11-01T00:00:00.000Z";
  for (let n = 1; n <= seed.guests; n++) {
    const email = benchGuestEmail(n);
    const accepted = n <= seed.acceptedGuests;
    scenario.users.push({
      id: benchGuestId(n),
      tenantId: DEMO_TENANTS.contoso.id,
      userPrincipalName: `${email.replace("@", "_")}#EXT#@${DEMO_TENANTS.contoso.domain}`,
      displayName: `Sync guest ${n}`,
      givenName: null,
      surname: null,
      mail: email,
      otherMails: [email],
      userType: "Guest",
      accountEnabled: true,
      createdDateTime: changedAt,
      externalUserState: accepted ? "Accepted" : "PendingAcceptance",
      externalUserStateChangeDateTime: changedAt,
      password: null,
      mailbox: "none",
      isTenantAdmin: false,
      redeemedBy: null,
    });
  }
  for (let n = 1; n <= seed.consentedUsers; n++) {
    const upn = benchHomeUpn(n);
    scenario.users.push({
      id: benchHomeUserId(n),
      tenantId: DEMO_TENANTS.fabrikam.id,
      userPrincipalName: upn,
      displayName: `Grant user ${n}`,
      givenName: null,
      surname: null,
      mail: upn,
      otherMails: [],
      userType: "Member",
      accountEnabled: true,
      createdDateTime: changedAt,
      externalUserState: null,
      externalUserStateChangeDateTime: null,
      password: null,
      mailbox: "exchangeOnline",
      isTenantAdmin: false,
      redeemedBy: null,
    });
    // What the consent page records when the user clicks Accept.
    scenario.delegatedGrants.push({
      id: guid("be4c0003", n),
      appId: DEMO_APP.clientId,
      tenantId: DEMO_TENANTS.fabrikam.id,
      userId: benchHomeUserId(n),
      scopes: CONSENT_SCOPES,
      createdDateTime: changedAt,
    });
  }
  return scenario;
}

export interface BenchDatabase {
  url: string;
  /** embedded: a throwaway embedded PostgreSQL; external: a fresh database on DATABASE_URL's server. */
  kind: "embedded" | "external";
  dispose(): Promise<void>;
}

export async function startBenchDatabase(): Promise<BenchDatabase> {
  const kind = process.env.DATABASE_URL?.trim() ? "external" : "embedded";
  const database = await freshDatabase();
  try {
    await migrateDatabase(database.url);
    await migrateJobQueue(database.url);
  } catch (error) {
    await database.dispose();
    throw error;
  }
  return { url: database.url, kind, dispose: () => database.dispose() };
}

export interface BenchEmulator {
  emulator: RunningEmulator;
  control: EmulatorControl;
  /** Everything the portal, the worker and lib/ read (the production names). */
  env: Record<string, string>;
}

/**
 * An emulator holding one scenario's directory. Each scenario gets its own, so that (say) the status
 * sync's 10,000 guests do not slow the bulk invite's address look-ups: the emulator filters users by
 * scanning them, where Graph has indexes, and that cost would be the emulator's, not Guestpass's.
 */
export async function startBenchEmulator(options: {
  appUrl: string;
  seed: DirectorySeed;
  database: BenchDatabase;
  secrets: BenchSecrets;
}): Promise<BenchEmulator> {
  // The CA this process trusts (NODE_EXTRA_CA_CERTS, set by scripts/with-emulator-ca.ts).
  const caPath = process.env.NODE_EXTRA_CA_CERTS;
  const dataDir = caPath ? path.dirname(path.resolve(caPath)) : path.join(PROJECT_ROOT, ".emulator");
  const emulator = await startEmulator({
    port: 0,
    dataDir,
    appUrl: options.appUrl,
    quiet: true,
    scenario: benchScenario(options.appUrl, options.seed),
  });
  const env: Record<string, string> = {
    ...emulator.env,
    DATABASE_URL: options.database.url,
    APP_URL: options.appUrl,
    TOKEN_ENCRYPTION_KEY: options.secrets.tokenEncryptionKey,
    AUTH_SECRET: options.secrets.authSecret,
    NEXT_TELEMETRY_DISABLED: "1",
  };
  return { emulator, control: new EmulatorControl(emulator.controlUrl, emulator.controlToken), env };
}

export interface BenchSecrets {
  tokenEncryptionKey: string;
  authSecret: string;
}

/** Fresh for every run: nothing the benchmark writes may be readable with a key that outlives it. */
export const freshSecrets = (): BenchSecrets => ({
  tokenEncryptionKey: `bench:${randomBytes(32).toString("base64")}`,
  authSecret: randomBytes(32).toString("base64url"),
});

/**
 * Points this process's lib/ code (the in-process baselines) at an emulator: the configuration and
 * the process-wide clients built from it are cached, so they are dropped and rebuilt.
 */
export function pointProcessAtEmulator(bench: BenchEmulator): void {
  Object.assign(process.env, bench.env);
  resetEnvForTests();
  resetAppOnlyTokenProviderForTests();
  resetAppGraphClientForTests();
}
