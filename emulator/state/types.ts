// The emulator's in-memory directory: what Entra ID and Exchange Online would hold for the tenants,
// users, app registrations, grants and tokens of a scenario. Identity routes, Graph routes, the
// control API and the web page all read and change this one model (see store.ts).

/** Where a user's mailbox lives; only exchangeOnline mailboxes accept Graph mail calls. */
export type MailboxKind = "exchangeOnline" | "onPremises" | "none";

export type UserType = "Member" | "Guest";

/** Graph's externalUserState (null for users who were never invited). */
export type ExternalUserState = "PendingAcceptance" | "Accepted";

/** Who may grant delegated permissions in a tenant (Entra "User consent settings"). */
export type UserConsentPolicy =
  /** Users may consent to any app for themselves. */
  | "allowed"
  /** Only admins may consent: users get "Need admin approval" (AADSTS90094). */
  | "adminOnly";

export interface Tenant {
  /** Directory (tenant) id, a GUID. */
  id: string;
  displayName: string;
  /** Verified domains; the first is the initial/default domain used for guest UPNs. */
  domains: string[];
  userConsent: UserConsentPolicy;
  /**
   * Outbound mail from this tenant's mailboxes is rejected for IP reputation: Graph accepts sendMail
   * (202) and the sender gets a `550 5.7.708` non-delivery report (the seed's third wall).
   */
  outboundMailBlocked: boolean;
  /** Entra "External collaboration settings": B2B invitations turned off for this tenant. */
  invitationsDisabled: boolean;
  /** Microsoft blocks invitations from this tenant for suspicious activity. */
  invitationsBlockedForSuspiciousActivity: boolean;
  /**
   * Entra "Guest invite settings" (authorizationPolicy.allowInvitesFrom). App-only invitations work
   * only with `adminsGuestInvitersAndAllMembers` or `everyone` (Entra's default).
   */
  allowInvitesFrom: AllowInvitesFrom;
}

export type AllowInvitesFrom = "none" | "adminsAndGuestInviters" | "adminsGuestInvitersAndAllMembers" | "everyone";

export interface User {
  /** Object id, a GUID (the `oid` claim). */
  id: string;
  /** The directory this user object lives in. A guest's object lives in the inviting tenant. */
  tenantId: string;
  userPrincipalName: string;
  displayName: string;
  givenName: string | null;
  surname: string | null;
  mail: string | null;
  otherMails: string[];
  userType: UserType;
  accountEnabled: boolean;
  createdDateTime: string;
  /** Set for invited users. */
  externalUserState: ExternalUserState | null;
  externalUserStateChangeDateTime: string | null;
  /** Only home (non-guest) accounts have a password; guests sign in with their home account. */
  password: string | null;
  mailbox: MailboxKind;
  /** Tenant admins may grant consent for the whole tenant (and approve Northwind-style requests). */
  isTenantAdmin: boolean;
  /**
   * For guests: the home account that redeemed the invitation (null while PendingAcceptance).
   * That account signs in at this tenant's authority and receives a token issued by this tenant.
   */
  redeemedBy: { tenantId: string; userId: string } | null;
  /**
   * Redeemed with an email one-time passcode: the guest has no account of its own anywhere (no
   * Microsoft mailbox either). Graph shows it as the identity `{ signInType: "federated", issuer: "mail" }`.
   */
  redeemedWithPasscode?: boolean;
}

export interface ClientSecret {
  id: string;
  /** The secret value as the client sends it. */
  value: string;
  displayName: string;
  /** ISO time the secret was added. */
  startDateTime: string;
  /** ISO time; an expired secret gives AADSTS7000222. */
  endDateTime: string;
}

export interface ClientCertificate {
  id: string;
  displayName: string;
  /** PEM of the certificate (public part) registered on the app. */
  certificatePem: string;
  /** base64url SHA-1 and SHA-256 thumbprints, as in the assertion's x5t / x5t#S256 header. */
  x5t: string;
  x5tS256: string;
  endDateTime: string;
}

export interface AppRole {
  id: string;
  value: string;
  displayName: string;
  allowedMemberTypes: ("User" | "Application")[];
}

export type SignInAudience = "AzureADMyOrg" | "AzureADMultipleOrgs" | "AzureADandPersonalMicrosoftAccount";

export interface AppRegistration {
  /** Application (client) id. */
  appId: string;
  displayName: string;
  /** Tenant that owns the registration. */
  homeTenantId: string;
  signInAudience: SignInAudience;
  /** Redirect URIs of the Web platform (the only ones a confidential client's code flow may use). */
  redirectUris: string[];
  /** Redirect URIs registered under "Single-page application" instead (a common mistake). */
  spaRedirectUris: string[];
  /** Publisher verification (Microsoft Partner Network); null: unverified. */
  verifiedPublisher: VerifiedPublisher | null;
  secrets: ClientSecret[];
  certificates: ClientCertificate[];
  appRoles: AppRole[];
  /** Graph application permissions granted (admin-consented), per tenant id. */
  applicationPermissions: Record<string, string[]>;
  /** Delegated Graph permissions the registration lists (what an admin consents to). */
  requiredDelegatedPermissions: string[];
  /**
   * Graph's authenticationBehaviors.removeUnverifiedEmailClaim. True (the default for apps
   * registered since June 2023): an `email` whose domain Microsoft has not verified for the user is
   * left out of tokens. False: it is sent, with `xms_edov: false` if the app asked for that claim.
   */
  removeUnverifiedEmailClaim: boolean;
  /** Optional ID-token claims configured on the registration (optionalClaims.idToken[].name), e.g. xms_edov. */
  idTokenOptionalClaims: string[];
}

export interface VerifiedPublisher {
  displayName: string;
  verifiedPublisherId: string;
  addedDateTime: string;
}

/** A user assigned an app role of an app (as in the app's enterprise application). */
export interface AppRoleAssignment {
  id: string;
  appId: string;
  /** The tenant whose directory holds the assignment (and the user object). */
  tenantId: string;
  userId: string;
  roleValue: string;
  createdDateTime: string;
}

/** A delegated permission grant (oauth2PermissionGrant): for one user, or tenant-wide by an admin. */
export interface DelegatedGrant {
  id: string;
  appId: string;
  tenantId: string;
  /** null = AllPrincipals (admin consent for the whole tenant). */
  userId: string | null;
  scopes: string[];
  createdDateTime: string;
}

export type InvitationStatus = "PendingAcceptance" | "Completed" | "InProgress" | "Error";

export interface Invitation {
  id: string;
  /** The inviting tenant. */
  tenantId: string;
  /** The app whose token created it (from the token's appid). */
  invitedByAppId: string | null;
  invitedUserEmailAddress: string;
  invitedUserDisplayName: string | null;
  invitedUserType: UserType;
  inviteRedirectUrl: string;
  inviteRedeemUrl: string;
  sendInvitationMessage: boolean;
  invitedUserMessageInfo: {
    customizedMessageBody: string | null;
    messageLanguage: string | null;
    ccRecipients: { emailAddress: { address: string; name?: string | null } }[];
  };
  resetRedemption: boolean;
  status: InvitationStatus;
  /** The guest user object in the inviting tenant. */
  invitedUserId: string;
  createdDateTime: string;
}

export interface MailRecipient {
  address: string;
  name: string | null;
}

/** A message as Exchange saw it: sent by a mailbox, or a non-delivery report back to the sender. */
export interface SentMail {
  id: string;
  kind: "message" | "invitation" | "nonDeliveryReport" | "oneTimePasscode";
  /** Tenant of the sending mailbox (or Microsoft's, for invitation mail: the inviting tenant). */
  tenantId: string;
  /** The sending user (object id in tenantId), null for mail sent by Microsoft (invitations). */
  fromUserId: string | null;
  from: MailRecipient;
  to: MailRecipient[];
  cc: MailRecipient[];
  bcc: MailRecipient[];
  subject: string;
  body: { contentType: "text" | "html"; content: string };
  saveToSentItems: boolean;
  /** delivered, or bounced with the SMTP status the NDR quotes (e.g. "550 5.7.708 …"). */
  delivery: { status: "delivered" } | { status: "bounced"; smtpStatus: string };
  /** For a nonDeliveryReport: the message it reports on. */
  inReplyToMailId: string | null;
  sentDateTime: string;
  /** The RFC 5322 Message-ID: the sender's own when it set one, else one Exchange makes up. */
  internetMessageId?: string;
  /** Custom x- headers the sender set (internetMessageHeaders). */
  internetMessageHeaders?: { name: string; value: string }[];
  replyTo?: MailRecipient[];
  /** Inline file attachments: name, type and size in bytes. */
  attachments?: { name: string; contentType: string; size: number }[];
}

export type RefreshRotationMode =
  /** As Entra: each use returns a new refresh token and the old one stays valid until it lapses. */
  | "entra"
  /** Each refresh token works once; reusing one gives invalid_grant. */
  | "strict";

/** One HTTP call the emulator received (for the control API and the web page). */
export interface RequestLogEntry {
  id: number;
  time: string;
  method: string;
  /** Path and query with secrets and codes redacted. */
  url: string;
  status: number;
  durationMs: number;
  area: "identity" | "graph" | "control" | "ui" | "other";
  /** client_id / appid when known. */
  appId: string | null;
  /** Identity error code (e.g. "AADSTS50020") or Graph error code, when the call failed. */
  errorCode: string | null;
}

/** An authorization code waiting to be redeemed at /token. */
export interface AuthorizationCode {
  code: string;
  appId: string;
  redirectUri: string;
  /** The tenant that issues the tokens (the guest's host tenant, or the user's home tenant). */
  tenantId: string;
  /** The user object in tenantId (the guest object for guests). */
  userId: string;
  /** The authority segment used at /authorize ("common", "organizations" or a tenant id/domain). */
  authoritySegment: string;
  scopes: string[];
  nonce: string | null;
  codeChallenge: string | null;
  codeChallengeMethod: "S256" | "plain" | null;
  authTime: number;
  expiresAt: number;
  redeemed: boolean;
}

/** A refresh token (opaque to clients; the emulator keeps what it stands for). */
export interface RefreshTokenRecord {
  token: string;
  appId: string;
  tenantId: string;
  userId: string;
  scopes: string[];
  authTime: number;
  issuedAt: number;
  lastUsedAt: number;
  /** Inactivity expiry: each use moves it on (Entra: 90 days). */
  expiresAt: number;
  revoked: boolean;
  /** Strict rotation: set when used once. */
  used: boolean;
}

export interface TokenLifetimes {
  accessTokenSeconds: number;
  authorizationCodeSeconds: number;
  refreshTokenInactivitySeconds: number;
}

/** How a test-only rule spoils an ID token (`/control/tokens/id-token-defects`). */
export type IdTokenDefect =
  /** `iss` names another tenant's issuer. */
  | "issuer"
  /** `tid` names another tenant (the issuer stays right). */
  | "tenant"
  /** `aud` is another application's client id. */
  | "audience"
  /** `nonce` is not the one the client sent. */
  | "nonce"
  /** The right key signed it, but the signature bytes were altered. */
  | "signature"
  /** Signed by a key the JWKS does not publish. */
  | "unknownKey";

/** Spoils the ID tokens of the next `remaining` token responses to one app (optionally one user). */
export interface IdTokenDefectRule {
  id: string;
  appId: string;
  /** The signed-in user (home account or guest object); null: any user of the app. */
  userId: string | null;
  defect: IdTokenDefect;
  remaining: number;
}
