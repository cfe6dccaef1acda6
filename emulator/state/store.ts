// The emulator's state: one instance per running emulator, changed by identity routes, Graph routes
// and the control API. Plain maps and arrays; look-ups are the directory queries Entra would run.
import { randomUUID } from "node:crypto";
import type {
  AppRegistration,
  AppRoleAssignment,
  AuthorizationCode,
  DelegatedGrant,
  IdTokenDefectRule,
  Invitation,
  RefreshRotationMode,
  RefreshTokenRecord,
  RequestLogEntry,
  SentMail,
  Tenant,
  TokenLifetimes,
  User,
} from "./types";
import type { Scenario } from "./scenario";

const REQUEST_LOG_LIMIT = 5000;
const ISSUED_TOKENS_SWEEP_AT = 10_000;

export interface IssuedAccessToken {
  appId: string;
  userId: string | null;
  tenantId: string;
  /** Epoch ms; past this the token is refused anyway, so it need not be remembered. */
  expiresAt: number;
}

export const DEFAULT_LIFETIMES: TokenLifetimes = {
  accessTokenSeconds: 3900,
  authorizationCodeSeconds: 600,
  refreshTokenInactivitySeconds: 90 * 86_400,
};

const same = (a: string | null | undefined, b: string) => !!a && a.toLowerCase() === b.toLowerCase();

export class EmulatorState {
  readonly tenants = new Map<string, Tenant>();
  readonly users = new Map<string, User>();
  readonly apps = new Map<string, AppRegistration>();
  readonly invitations = new Map<string, Invitation>();
  readonly roleAssignments: AppRoleAssignment[] = [];
  readonly delegatedGrants: DelegatedGrant[] = [];
  readonly sentMail: SentMail[] = [];
  readonly authorizationCodes = new Map<string, AuthorizationCode>();
  readonly refreshTokens = new Map<string, RefreshTokenRecord>();
  readonly requestLog: RequestLogEntry[] = [];
  refreshRotation: RefreshRotationMode = "entra";
  lifetimes: TokenLifetimes = { ...DEFAULT_LIFETIMES };
  /** Test-only: ID tokens to spoil (control API); empty unless a test asks. */
  readonly idTokenDefects: IdTokenDefectRule[] = [];
  /** Access tokens issued so far, by their `uti`, so they can be expired or revoked later. */
  readonly issuedAccessTokens = new Map<string, IssuedAccessToken>();
  /** `uti`s of access tokens that Graph must now refuse as expired. */
  readonly revokedAccessTokens = new Set<string>();
  private requestSequence = 0;

  constructor(scenario?: Scenario) {
    if (scenario) this.load(scenario);
  }

  /** Replaces everything with the scenario (tokens, mail, log and settings are cleared too). */
  load(scenario: Scenario): void {
    for (const collection of [
      this.tenants,
      this.users,
      this.apps,
      this.invitations,
      this.authorizationCodes,
      this.refreshTokens,
      this.issuedAccessTokens,
    ]) {
      collection.clear();
    }
    for (const list of [
      this.roleAssignments,
      this.delegatedGrants,
      this.sentMail,
      this.requestLog,
      this.idTokenDefects,
    ])
      list.length = 0;
    this.revokedAccessTokens.clear();
    this.refreshRotation = "entra";
    this.lifetimes = { ...DEFAULT_LIFETIMES };
    for (const tenant of scenario.tenants) this.tenants.set(tenant.id, structuredClone(tenant));
    for (const user of scenario.users) this.users.set(user.id, structuredClone(user));
    for (const app of scenario.apps) this.apps.set(app.appId, structuredClone(app));
    for (const invitation of scenario.invitations ?? [])
      this.invitations.set(invitation.id, structuredClone(invitation));
    this.roleAssignments.push(...structuredClone(scenario.roleAssignments));
    this.delegatedGrants.push(...structuredClone(scenario.delegatedGrants));
  }

  // ---- tenants -------------------------------------------------------------------------------

  getTenant(id: string): Tenant | undefined {
    return this.tenants.get(id.toLowerCase());
  }

  /** A tenant by id or by one of its verified domains (authorities accept both). */
  resolveTenant(idOrDomain: string): Tenant | undefined {
    const byId = this.getTenant(idOrDomain);
    if (byId) return byId;
    return [...this.tenants.values()].find((tenant) => tenant.domains.some((domain) => same(domain, idOrDomain)));
  }

  // ---- users ---------------------------------------------------------------------------------

  getUser(id: string): User | undefined {
    return this.users.get(id.toLowerCase());
  }

  usersInTenant(tenantId: string): User[] {
    return [...this.users.values()].filter((user) => user.tenantId === tenantId);
  }

  /** A user of one tenant whose mail, UPN or otherMails is this address (case-insensitive). */
  findUserByMail(tenantId: string, email: string): User | undefined {
    return this.usersInTenant(tenantId).find(
      (user) =>
        same(user.mail, email) ||
        same(user.userPrincipalName, email) ||
        user.otherMails.some((other) => same(other, email)),
    );
  }

  /**
   * The home (non-guest) account that signs in with this name, in whichever tenant it lives. Entra
   * signs people in by their sign-in name (the UPN), never by the `mail` attribute: any tenant's
   * admin can set `mail` to any address, so picking an account by it would hand them someone else's.
   */
  findHomeAccount(signInName: string): User | undefined {
    return [...this.users.values()].find(
      (user) => user.userType === "Member" && user.password !== null && same(user.userPrincipalName, signInName),
    );
  }

  /**
   * Whether Microsoft vouches for this address of the user: its domain is one the user's own tenant
   * verified (or, for a guest's token, the issuing tenant). This is what decides `xms_edov` and
   * whether an `email` claim is sent at all (learn.microsoft.com/entra/identity-platform/
   * migrate-off-email-claim-authorization).
   */
  addressVerifiedFor(user: User, address: string, issuingTenantId: string = user.tenantId): boolean {
    const domain = address.split("@")[1]?.toLowerCase();
    if (!domain) return false;
    return [user.tenantId, issuingTenantId].some(
      (tenantId) => this.getTenant(tenantId)?.domains.some((verified) => verified.toLowerCase() === domain) ?? false,
    );
  }

  /** The guest object in `tenantId` that this home account redeemed, if any. */
  findRedeemedGuest(tenantId: string, homeAccount: User): User | undefined {
    return this.usersInTenant(tenantId).find(
      (user) => user.redeemedBy?.userId === homeAccount.id && user.redeemedBy.tenantId === homeAccount.tenantId,
    );
  }

  /** The home account a guest object stands for (after redemption). */
  homeAccountOf(user: User): User {
    return user.redeemedBy ? (this.getUser(user.redeemedBy.userId) ?? user) : user;
  }

  addUser(user: User): User {
    this.users.set(user.id, user);
    return user;
  }

  deleteUser(id: string): boolean {
    return this.users.delete(id.toLowerCase());
  }

  /**
   * Marks a guest as having redeemed its invitation with this home account: externalUserState
   * Accepted (with its change time) and every invitation for it Completed.
   */
  /** `"passcode"`: redeemed with an email one-time passcode, by no account. */
  redeemInvitation(guest: User, homeAccount: User | "passcode", now = new Date()): void {
    guest.externalUserState = "Accepted";
    guest.externalUserStateChangeDateTime = now.toISOString();
    guest.redeemedBy = homeAccount === "passcode" ? null : { tenantId: homeAccount.tenantId, userId: homeAccount.id };
    guest.redeemedWithPasscode = homeAccount === "passcode";
    for (const invitation of this.invitations.values()) {
      if (invitation.invitedUserId === guest.id) invitation.status = "Completed";
    }
  }

  // ---- apps, roles, grants -------------------------------------------------------------------

  getApp(appId: string): AppRegistration | undefined {
    return this.apps.get(appId.toLowerCase());
  }

  /** Application permissions granted to the app in a tenant (the `roles` of its app-only token). */
  applicationPermissions(appId: string, tenantId: string): string[] {
    return this.getApp(appId)?.applicationPermissions[tenantId] ?? [];
  }

  /** True when the app exists in the tenant's directory (home tenant, or consented there). */
  appIsKnownInTenant(app: AppRegistration, tenantId: string): boolean {
    return (
      app.homeTenantId === tenantId ||
      tenantId in app.applicationPermissions ||
      this.delegatedGrants.some((grant) => grant.appId === app.appId && grant.tenantId === tenantId)
    );
  }

  appRolesOf(appId: string, userId: string): string[] {
    return this.roleAssignments
      .filter((assignment) => assignment.appId === appId && assignment.userId === userId)
      .map((assignment) => assignment.roleValue);
  }

  /** Scopes the user (or an admin for the whole tenant) has consented to for this app. */
  consentedScopes(appId: string, tenantId: string, userId: string): Set<string> {
    const scopes = new Set<string>();
    for (const grant of this.delegatedGrants) {
      if (grant.appId === appId && grant.tenantId === tenantId && (grant.userId === null || grant.userId === userId)) {
        for (const scope of grant.scopes) scopes.add(scope);
      }
    }
    return scopes;
  }

  /** Adds scopes to the user's (or tenant-wide, userId null) grant, creating it if needed. */
  grantDelegated(appId: string, tenantId: string, userId: string | null, scopes: string[]): DelegatedGrant {
    let grant = this.delegatedGrants.find((g) => g.appId === appId && g.tenantId === tenantId && g.userId === userId);
    if (!grant) {
      grant = { id: randomUUID(), appId, tenantId, userId, scopes: [], createdDateTime: new Date().toISOString() };
      this.delegatedGrants.push(grant);
    }
    for (const scope of scopes) if (!grant.scopes.some((s) => same(s, scope))) grant.scopes.push(scope);
    return grant;
  }

  /**
   * Revokes what a user granted: their delegated grants and refresh tokens (optionally for one app),
   * and rejects access tokens issued to them so far. Returns how many grants and tokens it removed.
   */
  revokeUser(userId: string, appId?: string): { grants: number; refreshTokens: number } {
    let grants = 0;
    for (let index = this.delegatedGrants.length - 1; index >= 0; index--) {
      const grant = this.delegatedGrants[index]!;
      if (grant.userId === userId && (!appId || grant.appId === appId)) {
        this.delegatedGrants.splice(index, 1);
        grants++;
      }
    }
    let refreshTokens = 0;
    for (const record of this.refreshTokens.values()) {
      if (record.userId === userId && (!appId || record.appId === appId) && !record.revoked) {
        record.revoked = true;
        refreshTokens++;
      }
    }
    this.expireAccessTokens((token) => token.userId === userId && (!appId || token.appId === appId));
    return { grants, refreshTokens };
  }

  /** Remembers an issued access token (so it can be expired or revoked), forgetting lapsed ones now and then. */
  rememberAccessToken(uti: string, token: IssuedAccessToken): void {
    if (this.issuedAccessTokens.size >= ISSUED_TOKENS_SWEEP_AT) {
      const now = Date.now();
      for (const [id, issued] of this.issuedAccessTokens) {
        if (issued.expiresAt < now) {
          this.issuedAccessTokens.delete(id);
          this.revokedAccessTokens.delete(id);
        }
      }
    }
    this.issuedAccessTokens.set(uti, token);
  }

  /** Makes Graph refuse access tokens issued so far that match (all by default); returns how many. */
  expireAccessTokens(
    match: (token: { appId: string; userId: string | null; tenantId: string }) => boolean = () => true,
  ): number {
    let count = 0;
    for (const [uti, token] of this.issuedAccessTokens) {
      if (!this.revokedAccessTokens.has(uti) && match(token)) {
        this.revokedAccessTokens.add(uti);
        count++;
      }
    }
    return count;
  }

  // ---- mail ----------------------------------------------------------------------------------

  recordMail(mail: SentMail): SentMail {
    this.sentMail.push(mail);
    return mail;
  }

  // ---- request log ---------------------------------------------------------------------------

  logRequest(entry: Omit<RequestLogEntry, "id">): RequestLogEntry {
    const logged = { id: ++this.requestSequence, ...entry };
    this.requestLog.push(logged);
    if (this.requestLog.length > REQUEST_LOG_LIMIT)
      this.requestLog.splice(0, this.requestLog.length - REQUEST_LOG_LIMIT);
    return logged;
  }
}
