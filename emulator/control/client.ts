// Typed client of the emulator's control API, for tests and scripts:
//   const control = EmulatorControl.fromEnv();            // EMULATOR_CONTROL_URL / _TOKEN (demo.env)
//   const control = new EmulatorControl(emulator.controlUrl, emulator.controlToken);
// The fault/latency/limit methods belong to the faults part (it adds them below `// faults`).
import type { CountersSnapshot } from "../faults/counters";
import type { FaultSettings, FaultSettingsInput, LimitSettings, LimitSettingsPatch } from "../faults/settings";
import type {
  AppRegistration,
  AppRoleAssignment,
  ClientCertificate,
  ClientSecret,
  DelegatedGrant,
  IdTokenDefectRule,
  Invitation,
  RefreshRotationMode,
  RequestLogEntry,
  SentMail,
  Tenant,
  TokenLifetimes,
  User,
} from "../state/types";
import type {
  AddCertificateInput,
  AddSecretInput,
  AppPatch,
  CreateAppInput,
  CreateTenantInput,
  CreateUserInput,
  DelegatedGrantInput,
  ExpireTokensInput,
  IdTokenDefectInput,
  LifetimesPatch,
  RoleAssignmentInput,
  SecretPatch,
  TenantPatch,
  UserPatch,
} from "./schemas";

export class EmulatorControlError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    message: string,
  ) {
    super(message);
    this.name = "EmulatorControlError";
  }
}

export interface DirectorySnapshot {
  tenants: Tenant[];
  users: User[];
  apps: AppRegistration[];
  invitations: Invitation[];
  roleAssignments: AppRoleAssignment[];
  delegatedGrants: DelegatedGrant[];
  refreshRotation: RefreshRotationMode;
  lifetimes: TokenLifetimes;
}

export class EmulatorControl {
  readonly url: string;

  constructor(
    controlUrl: string,
    private readonly token: string,
  ) {
    this.url = controlUrl.replace(/\/+$/, "");
  }

  /** From EMULATOR_CONTROL_URL and EMULATOR_CONTROL_TOKEN (written to demo.env by the emulator). */
  static fromEnv(env: Record<string, string | undefined> = process.env): EmulatorControl {
    const url = env.EMULATOR_CONTROL_URL;
    const token = env.EMULATOR_CONTROL_TOKEN;
    if (!url || !token)
      throw new Error("EMULATOR_CONTROL_URL and EMULATOR_CONTROL_TOKEN must be set (see the emulator's demo.env).");
    return new EmulatorControl(url, token);
  }

  /** One control call; extensions (the faults part) use it for their own routes. */
  async request<T>(method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE", path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    if (!response.ok)
      throw new EmulatorControlError(
        response.status,
        parsed,
        `control ${method} ${path} → ${response.status}: ${text.slice(0, 300)}`,
      );
    return parsed as T;
  }

  health = () => this.request<{ ok: boolean }>("GET", "/health");
  /** Back to the scenario the emulator started with (directory, tokens, mail, log, faults). */
  reset = () => this.request<void>("POST", "/reset");
  snapshot = () => this.request<DirectorySnapshot>("GET", "/state");

  // directory
  listTenants = () => this.request<Tenant[]>("GET", "/tenants");
  createTenant = (input: CreateTenantInput) => this.request<Tenant>("POST", "/tenants", input);
  updateTenant = (tenantId: string, patch: TenantPatch) => this.request<Tenant>("PATCH", `/tenants/${tenantId}`, patch);
  listUsers = (tenantId?: string) =>
    this.request<User[]>("GET", `/users${tenantId ? `?tenantId=${encodeURIComponent(tenantId)}` : ""}`);
  getUser = (userId: string) => this.request<User>("GET", `/users/${userId}`);
  createUser = (input: CreateUserInput) => this.request<User>("POST", "/users", input);
  updateUser = (userId: string, patch: UserPatch) => this.request<User>("PATCH", `/users/${userId}`, patch);
  deleteUser = (userId: string) => this.request<void>("DELETE", `/users/${userId}`);
  listApps = () => this.request<AppRegistration[]>("GET", "/apps");
  createApp = (input: CreateAppInput) => this.request<AppRegistration>("POST", "/apps", input);
  updateApp = (appId: string, patch: AppPatch) => this.request<AppRegistration>("PATCH", `/apps/${appId}`, patch);
  addSecret = (appId: string, input: AddSecretInput = {}) =>
    this.request<ClientSecret>("POST", `/apps/${appId}/secrets`, input);
  /** Moves a secret's expiry (`endDateTime`, ISO). */
  updateSecret = (appId: string, secretId: string, patch: SecretPatch) =>
    this.request<ClientSecret>("PATCH", `/apps/${appId}/secrets/${secretId}`, patch);
  removeSecret = (appId: string, secretId: string) =>
    this.request<void>("DELETE", `/apps/${appId}/secrets/${secretId}`);
  addCertificate = (appId: string, input: AddCertificateInput) =>
    this.request<ClientCertificate>("POST", `/apps/${appId}/certificates`, input);
  removeCertificate = (appId: string, certificateId: string) =>
    this.request<void>("DELETE", `/apps/${appId}/certificates/${certificateId}`);
  /** Sets (grants or withdraws) the application permissions an app holds in a tenant. */
  setApplicationPermissions = (appId: string, tenantId: string, permissions: string[]) =>
    this.request<Record<string, string[]>>("PUT", `/apps/${appId}/application-permissions/${tenantId}`, {
      permissions,
    });
  assignAppRole = (appId: string, input: RoleAssignmentInput) =>
    this.request<AppRoleAssignment>("POST", `/apps/${appId}/role-assignments`, input);
  removeAppRoleAssignment = (assignmentId: string) => this.request<void>("DELETE", `/role-assignments/${assignmentId}`);
  listDelegatedGrants = () => this.request<DelegatedGrant[]>("GET", "/delegated-grants");
  grantDelegated = (input: DelegatedGrantInput) => this.request<DelegatedGrant>("POST", "/delegated-grants", input);
  removeDelegatedGrant = (grantId: string) => this.request<void>("DELETE", `/delegated-grants/${grantId}`);

  // activity
  listInvitations = () => this.request<Invitation[]>("GET", "/invitations");
  /** Redeems as the home account that signs in with the invited address (or `homeUserId`). */
  redeemInvitation = (invitationId: string, homeUserId?: string) =>
    this.request<User>("POST", `/invitations/${invitationId}/redeem`, { homeUserId });
  /** Redeems as an email one-time passcode does: no account behind the guest. */
  redeemInvitationWithPasscode = (invitationId: string) =>
    this.request<User>("POST", `/invitations/${invitationId}/redeem`, { passcode: true });
  redeemInvitedUser = (guestUserId: string, homeUserId?: string) =>
    this.request<User>("POST", `/users/${guestUserId}/redeem`, { homeUserId });
  /** Revokes the user's delegated grants and refresh tokens (optionally for one app) and their access tokens. */
  revokeUser = (userId: string, appId?: string) =>
    this.request<{ grants: number; refreshTokens: number }>("POST", `/users/${userId}/revoke`, { appId });
  expireTokens = (input: ExpireTokensInput) =>
    this.request<{ accessTokens: number; refreshTokens: number; authorizationCodes: number }>(
      "POST",
      "/tokens/expire",
      input,
    );
  /**
   * Test-only: the next `count` (default 1) token responses to `appId` (for `userId`, if given) carry an
   * ID token with a wrong `iss`, `tid`, `aud` or `nonce`, an altered signature, or one from an unknown key.
   */
  spoilIdTokens = (input: IdTokenDefectInput) =>
    this.request<IdTokenDefectRule>("POST", "/tokens/id-token-defects", input);
  idTokenDefects = () => this.request<IdTokenDefectRule[]>("GET", "/tokens/id-token-defects");
  clearIdTokenDefects = () => this.request<void>("DELETE", "/tokens/id-token-defects");
  setRefreshRotation = (mode: RefreshRotationMode) =>
    this.request<{ refreshRotation: RefreshRotationMode }>("PUT", "/settings/refresh-rotation", { mode });
  setTokenLifetimes = (patch: LifetimesPatch) => this.request<TokenLifetimes>("PATCH", "/settings/lifetimes", patch);
  requests = (filter: { sinceId?: number; area?: RequestLogEntry["area"] } = {}) => {
    const query = new URLSearchParams(Object.entries(filter).map(([key, value]) => [key, String(value)]));
    return this.request<RequestLogEntry[]>("GET", `/requests${query.size ? `?${query}` : ""}`);
  };
  clearRequests = () => this.request<void>("DELETE", "/requests");
  sentMail = (filter: { to?: string; from?: string } = {}) => {
    const query = new URLSearchParams(
      Object.entries(filter).filter(([, value]) => value !== undefined) as [string, string][],
    );
    return this.request<SentMail[]>("GET", `/mail${query.size ? `?${query}` : ""}`);
  };

  // faults — added by the faults part (fault rules, latency, limits, counters).
  /** Current fault rules and the seed in use. */
  getFaults = () => this.request<FaultSettings & { seed: number }>("GET", "/faults");
  /** Replaces the fault rules (latency, 5xx, resets, stalls); a seed replays a run exactly. */
  setFaults = (settings: FaultSettingsInput) =>
    this.request<FaultSettings & { seed: number }>("PUT", "/faults", settings);
  getLimits = () => this.request<LimitSettings>("GET", "/limits");
  /** Changes some throttling limits (null turns one off); their windows start afresh. */
  setLimits = (patch: LimitSettingsPatch) => this.request<LimitSettings>("PATCH", "/limits", patch);
  /** Calls, 429s and injected 5xx/resets/stalls per route ("POST /v1.0/invitations") since the last reset. */
  getCounters = () => this.request<CountersSnapshot>("GET", "/counters");
  resetCounters = () => this.request<void>("DELETE", "/counters");
  /** Microsoft's documented limits, no faults, zero counters. */
  resetFaults = () => this.request<void>("POST", "/faults/reset");
}
