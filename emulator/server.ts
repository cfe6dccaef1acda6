// startEmulator(): the identity platform, Graph, the control API and the web page on one HTTPS
// origin (identity paths `/{tenant}/…`, Graph `/v1.0/…`, control `/control/…`, page `/`), so
// MICROSOFT_AUTHORITY_HOST and GRAPH_BASE_URL are the same URL.
import { randomBytes } from "node:crypto";
import { link, mkdir, readFile, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import Fastify, { type FastifyInstance } from "fastify";
import formbody from "@fastify/formbody";
import { ensureCertificateAuthority, ensureServerCertificate } from "./tls/ca";
import { EmulatorState } from "./state/store";
import { defaultScenario, DEMO_APP, DEMO_TENANTS } from "./state/default-scenario";
import { loadScenarioFile, parseScenario, type Scenario, type ScenarioInput } from "./state/scenario";
import { TokenService } from "./identity/tokens";
import { identityPlugin } from "./identity/plugin";
import { InteractionStore } from "./identity/sessions";
import { controlPlugin } from "./control/plugin";
import { uiPlugin } from "./ui/plugin";
import { graphPlugin } from "./graph/plugin";
import { faultsPlugin } from "./faults/plugin";
import { requestLogPlugin } from "./request-log";

export interface EmulatorOptions {
  /** 0 = any free port. Default 4010. */
  port?: number;
  /** Folder for the CA, TLS and signing keys and demo secrets. Default `.emulator`. */
  dataDir?: string;
  /** Portal base URL; the demo app's redirect URIs derive from it. Default http://localhost:3000. */
  appUrl?: string;
  /** A scenario object or the path of a scenario JSON file. Default: the demo scenario. */
  scenario?: ScenarioInput | string;
  /** Bearer token of the control API; default: kept in `<dataDir>/demo-secrets.json` (CLI) or random. */
  controlToken?: string;
  /** No request logging to stdout (always true unless set false). */
  quiet?: boolean;
}

export interface RunningEmulator {
  /** https://localhost:PORT */
  url: string;
  authorityHost: string;
  graphBaseUrl: string;
  controlUrl: string;
  controlToken: string;
  caCertPath: string;
  /** The demo configuration: the configuration table's variables (docs/design.md) plus NODE_EXTRA_CA_CERTS and the control ones. */
  env: Record<string, string>;
  state: EmulatorState;
  tokens: TokenService;
  /** Puts the directory back to the scenario the emulator started with. */
  reset(): void;
  close(): Promise<void>;
}

interface DemoSecrets {
  tokenEncryptionKey: string;
  authSecret: string;
  controlToken: string;
}

/** Secrets for the demo's .env, generated once per data folder so restarts keep encrypted data readable. */
async function demoSecrets(dataDir: string): Promise<DemoSecrets> {
  const file = path.join(dataDir, "demo-secrets.json");
  try {
    return JSON.parse(await readFile(file, "utf8")) as DemoSecrets;
  } catch {
    const secrets: DemoSecrets = {
      tokenEncryptionKey: `demo:${randomBytes(32).toString("base64")}`,
      authSecret: randomBytes(32).toString("base64url"),
      controlToken: randomBytes(24).toString("base64url"),
    };
    await mkdir(dataDir, { recursive: true });
    // Atomic, and the first writer wins: parallel starts on a fresh folder agree on one set.
    const temporary = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
    await writeFile(temporary, JSON.stringify(secrets, null, 2), { mode: 0o600 });
    try {
      await link(temporary, file);
    } catch {
      // another process got there first
    } finally {
      await unlink(temporary);
    }
    return JSON.parse(await readFile(file, "utf8")) as DemoSecrets;
  }
}

async function resolveScenario(scenario: EmulatorOptions["scenario"], appUrl: string): Promise<Scenario> {
  if (scenario === undefined) return defaultScenario(appUrl);
  if (typeof scenario === "string") return loadScenarioFile(scenario);
  return parseScenario(scenario);
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const dataDir = path.resolve(options.dataDir ?? ".emulator");
  const appUrl = (options.appUrl ?? "http://localhost:3000").replace(/\/+$/, "");
  const ca = await ensureCertificateAuthority(dataDir);
  const [leaf, secrets, scenario] = await Promise.all([
    ensureServerCertificate(dataDir, ca),
    demoSecrets(dataDir),
    resolveScenario(options.scenario, appUrl),
  ]);
  const controlToken = options.controlToken ?? secrets.controlToken;

  const state = new EmulatorState(scenario);
  const app: FastifyInstance = Fastify({
    https: { key: leaf.keyPem, cert: leaf.certPem },
    logger: options.quiet === false ? { level: "info" } : false,
    // Entra and Graph ids are case-insensitive GUIDs; paths are matched as sent.
    routerOptions: { ignoreTrailingSlash: true },
    bodyLimit: 4 * 1024 * 1024,
  });
  await app.register(formbody);

  // The origin is known only after listen(); routes read it through this holder.
  const origin = { url: "" };
  const tokens = await TokenService.create(dataDir, state, "");

  await app.register(requestLogPlugin, { state });
  await app.register(faultsPlugin, { graphPrefix: "" });
  const interactions = new InteractionStore();
  const reset = () => {
    state.load(scenario);
    interactions.clear();
  };
  await app.register(identityPlugin, { state, tokens, origin, interactions });
  await app.register(graphPlugin, { state, tokens });
  await app.register(controlPlugin, { prefix: "/control", state, controlToken, reset });
  await app.register(uiPlugin, { state, origin });

  await app.listen({ port: options.port ?? 4010, host: "localhost" });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : (options.port ?? 4010);
  origin.url = `https://localhost:${port}`;
  tokens.setAuthorityHost(origin.url);

  const env: Record<string, string> = {
    APP_URL: appUrl,
    AZURE_TENANT_ID: DEMO_TENANTS.contoso.id,
    AZURE_CLIENT_ID: DEMO_APP.clientId,
    AZURE_CLIENT_SECRET: DEMO_APP.clientSecret,
    AZURE_CLIENT_CERTIFICATE_PATH: "",
    MICROSOFT_AUTHORITY_HOST: origin.url,
    GRAPH_BASE_URL: origin.url,
    CONSENT_AUTHORITY: "common",
    CONSENT_SCOPES: "openid offline_access email profile User.Read Mail.Send",
    TOKEN_ENCRYPTION_KEY: secrets.tokenEncryptionKey,
    AUTH_SECRET: secrets.authSecret,
    NODE_EXTRA_CA_CERTS: ca.certPath,
    EMULATOR_CONTROL_URL: `${origin.url}/control`,
    EMULATOR_CONTROL_TOKEN: controlToken,
  };

  return {
    url: origin.url,
    authorityHost: origin.url,
    graphBaseUrl: origin.url,
    controlUrl: `${origin.url}/control`,
    controlToken,
    caCertPath: ca.certPath,
    env,
    state,
    tokens,
    reset,
    close: () => app.close(),
  };
}
