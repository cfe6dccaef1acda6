import "server-only";
// Check 3: the registration itself, read with Application.Read.All (optional: without it the check
// says what it cannot see). Sign-in audience, the two Web redirect URIs APP_URL needs, the delegated
// permissions CONSENT_SCOPES asks for, the two app roles, publisher verification, and every
// secret's and certificate's expiry. A certificate's own expiry is read from its file regardless.
import { isGraphRequestError } from "@/lib/graph/errors";
import { explainMicrosoftError } from "@/lib/errors/explain";
import {
  CREDENTIAL_EXPIRY_WARNING_DAYS,
  daysUntil,
  worstStatus,
  type RegistrationCheckResult,
  type RegistrationFinding,
} from "@/lib/shared/registration";
import { delegatedPermissionName, MICROSOFT_GRAPH_RESOURCE_APP_ID } from "../graph-permissions";
import { REGISTRATION_BLADE, type RegistrationCheckContext } from "./context";

/** The parts of Graph's application resource the check reads. */
export interface GraphApplication {
  signInAudience: string;
  web?: { redirectUris?: string[] };
  spa?: { redirectUris?: string[] };
  publicClient?: { redirectUris?: string[] };
  requiredResourceAccess?: { resourceAppId: string; resourceAccess: { id: string; type: string }[] }[];
  appRoles?: { value: string | null; isEnabled: boolean; allowedMemberTypes: string[] }[];
  verifiedPublisher?: { verifiedPublisherId: string | null; displayName: string | null };
  passwordCredentials?: {
    keyId: string;
    displayName: string | null;
    endDateTime: string | null;
    hint: string | null;
  }[];
  keyCredentials?: { keyId: string; displayName: string | null; endDateTime: string | null }[];
}

const SELECT =
  "signInAudience,web,spa,publicClient,requiredResourceAccess,appRoles,verifiedPublisher,passwordCredentials,keyCredentials";

function date(iso: string): string {
  return iso.slice(0, 10);
}

/** pass / warn (within 30 days) / fail (past), for a credential's end. */
function expiryFinding(
  id: string,
  what: string,
  endDateTime: string,
  now: Date,
  inUse: boolean,
  fix: string[],
): RegistrationFinding {
  const days = daysUntil(endDateTime, now);
  if (days < 0) {
    return {
      id,
      status: inUse ? "fail" : "info",
      title: `${what} expired on ${date(endDateTime)}`,
      detail: inUse
        ? "Guestpass cannot get tokens with it (AADSTS7000222)."
        : "It is not the one Guestpass uses; remove it so nobody configures it by mistake.",
      fix: inUse ? fix : [],
      guideStep: "3",
    };
  }
  if (days < CREDENTIAL_EXPIRY_WARNING_DAYS) {
    return {
      id,
      // Only the credential Guestpass uses can break it; the others are listed for housekeeping.
      status: inUse ? "warn" : "info",
      title: `${what} expires in ${days} day${days === 1 ? "" : "s"} (${date(endDateTime)})`,
      detail: inUse
        ? "After that date Guestpass can no longer invite anyone, sync status or refresh consents. Replace it before then."
        : "It is not the one Guestpass uses, but check that nothing else depends on it.",
      fix: inUse ? fix : [],
      guideStep: "3",
    };
  }
  return {
    id,
    status: "pass",
    title: `${what} is valid until ${date(endDateTime)}`,
    detail: `${days} days left.`,
    fix: [],
  };
}

const NEW_SECRET_FIX = [
  `${REGISTRATION_BLADE} → Certificates & secrets → New client secret (up to 24 months); copy its Value, it is shown only once.`,
  "Put it in AZURE_CLIENT_SECRET, restart the portal and the worker, run this check, then delete the old secret.",
  "Better: upload a certificate and set AZURE_CLIENT_CERTIFICATE_PATH instead (setup guide, step 3).",
];
const NEW_CERTIFICATE_FIX = [
  "Create a new certificate, upload its public part under Certificates & secrets → Certificates, point AZURE_CLIENT_CERTIFICATE_PATH at the new PEM and restart.",
];

/** The certificate file's own expiry: readable without any Graph permission. */
async function certificateFileFindings(
  context: RegistrationCheckContext,
): Promise<{ findings: RegistrationFinding[]; expiresAt: string | null }> {
  if (context.deployment.credential.kind !== "certificate") return { findings: [], expiresAt: null };
  try {
    const info = await context.tokens.describeCredential();
    if (info.kind !== "certificate") return { findings: [], expiresAt: null };
    const expiresAt = info.notAfter.toISOString();
    return {
      findings: [
        expiryFinding(
          "certificate-file",
          "The certificate in AZURE_CLIENT_CERTIFICATE_PATH",
          expiresAt,
          context.now,
          true,
          NEW_CERTIFICATE_FIX,
        ),
      ],
      expiresAt,
    };
  } catch {
    return {
      findings: [
        {
          id: "certificate-file",
          status: "fail",
          title: "The certificate file cannot be read",
          detail: "AZURE_CLIENT_CERTIFICATE_PATH must name a PEM file with the private key and the certificate.",
          fix: NEW_CERTIFICATE_FIX,
          guideStep: "3",
        },
      ],
      expiresAt: null,
    };
  }
}

function audienceFinding(application: GraphApplication): RegistrationFinding {
  if (application.signInAudience === "AzureADandPersonalMicrosoftAccount") {
    return {
      id: "audience",
      status: "pass",
      title: "Multi-tenant",
      detail:
        "People of other organisations and people with a personal Microsoft account (outlook.com, hotmail.com, live.com) can consent to the app.",
      fix: [],
    };
  }
  if (application.signInAudience === "AzureADMultipleOrgs") {
    // Microsoft refuses personal accounts at `common` for such an app ("not enabled for consumers").
    return {
      id: "audience",
      status: "pass",
      title: "Multi-tenant",
      detail:
        "People of other organisations can consent to the app. People with a personal Microsoft account (outlook.com, hotmail.com, live.com) cannot: to invite them too, set Supported account types to include personal Microsoft accounts.",
      fix: [],
    };
  }
  return {
    id: "audience",
    status: "fail",
    title: "The app accepts only accounts of your own directory",
    detail: `Supported account types is "${application.signInAudience}": invited people sign in with their own organisation's account and are refused (AADSTS50194 with the common authority).`,
    fix: [
      `${REGISTRATION_BLADE} → Authentication → Supported account types → "Accounts in any organizational directory (Any Microsoft Entra ID tenant – Multitenant)" → Save.`,
    ],
    guideStep: "1",
  };
}

function redirectUriFindings(application: GraphApplication, context: RegistrationCheckContext): RegistrationFinding[] {
  const web = application.web?.redirectUris ?? [];
  const elsewhere = [...(application.spa?.redirectUris ?? []), ...(application.publicClient?.redirectUris ?? [])];
  const needed = [
    { uri: context.deployment.redirectUris.staffSignIn, use: "staff sign-in" },
    { uri: context.deployment.redirectUris.consent, use: "the invited person's consent" },
  ];
  return needed.map(({ uri, use }) => {
    if (web.includes(uri))
      return { id: `redirect-uri:${uri}`, status: "pass", title: `Redirect URI for ${use}`, detail: uri, fix: [] };
    const near = web.find((registered) => registered.toLowerCase().replace(/\/+$/, "") === uri.toLowerCase());
    const misplaced = elsewhere.includes(uri);
    return {
      id: `redirect-uri:${uri}`,
      status: "fail",
      title: `Redirect URI for ${use} is missing`,
      detail: misplaced
        ? `${uri} is registered, but under "Single-page application" or "Mobile and desktop": Microsoft accepts it from Guestpass (a web app with a secret) only on the Web platform (AADSTS50011 otherwise).`
        : near
          ? `${near} is registered, but Microsoft compares redirect URIs exactly: it must be ${uri}.`
          : `Microsoft refuses to send anyone back to an address that is not registered (AADSTS50011), so ${use} fails.`,
      fix: [
        `${REGISTRATION_BLADE} → Authentication → Web → Redirect URIs → Add URI → paste the value below exactly → Save.`,
      ],
      values: [{ label: "Web redirect URI", value: uri }],
      guideStep: "2",
    };
  });
}

function delegatedFinding(application: GraphApplication, context: RegistrationCheckContext): RegistrationFinding {
  const listed = new Set(
    (application.requiredResourceAccess ?? [])
      .filter((resource) => resource.resourceAppId === MICROSOFT_GRAPH_RESOURCE_APP_ID)
      .flatMap((resource) =>
        resource.resourceAccess
          .filter((access) => access.type === "Scope")
          .map((access) => delegatedPermissionName(access.id) ?? access.id),
      ),
  );
  const missing = context.deployment.delegatedScopes.filter((scope) => !listed.has(scope));
  if (missing.length === 0) {
    return {
      id: "delegated",
      status: "pass",
      title: "Delegated permissions",
      detail: `The registration lists everything the consent asks for: ${context.deployment.delegatedScopes.join(" ")}.`,
      fix: [],
    };
  }
  return {
    id: "delegated",
    status: "warn",
    title: `Delegated permissions missing: ${missing.join(", ")}`,
    detail:
      'People can still consent (Microsoft asks for what the consent link requests), but an administrator who approves the app for a whole organisation grants only what the registration lists, so their users keep meeting "Need admin approval".',
    fix: [
      `${REGISTRATION_BLADE} → API permissions → Add a permission → Microsoft Graph → Delegated permissions → tick each one below → Add permissions.`,
    ],
    values: missing.map((scope) => ({ label: "Delegated permission", value: scope })),
    guideStep: "5",
  };
}

function roleFindings(application: GraphApplication, context: RegistrationCheckContext): RegistrationFinding[] {
  const roles = application.appRoles ?? [];
  return context.deployment.appRoles.map((role, index) => {
    const registered = roles.find((candidate) => candidate.value === role.value);
    if (registered?.isEnabled && registered.allowedMemberTypes.includes("User")) {
      return {
        id: `app-role:${role.value}`,
        status: "pass",
        title: `App role ${role.value}`,
        detail: "Defined for users and groups.",
        fix: [],
      };
    }
    return {
      id: `app-role:${role.value}`,
      // Without the admin role nobody can administer Guestpass; without support, only admins can work.
      status: index === 0 ? "fail" : "warn",
      title: registered ? `App role ${role.value} is disabled or not for users` : `App role ${role.value} is missing`,
      detail: `Guestpass reads staff roles from the ID token's roles claim; without ${role.value} nobody can sign in as ${role.displayName.toLowerCase()}.`,
      fix: [
        `${REGISTRATION_BLADE} → App roles → Create app role: display name "${role.displayName}", allowed member types "Users/Groups", value below, enabled.`,
        "Then Enterprise applications → Guestpass → Users and groups → Add user/group to assign it to staff.",
      ],
      values: [{ label: "App role value", value: role.value }],
      guideStep: "6",
    };
  });
}

function publisherFinding(application: GraphApplication): RegistrationFinding {
  if (application.verifiedPublisher?.verifiedPublisherId) {
    return {
      id: "publisher",
      status: "pass",
      title: "Verified publisher",
      detail: `Verified as ${application.verifiedPublisher.displayName ?? "your organisation"}.`,
      fix: [],
    };
  }
  return {
    id: "publisher",
    status: "warn",
    title: "The publisher is not verified",
    detail:
      'Many organisations do not let their users consent to multi-tenant apps from unverified publishers, so invited people there meet "Need admin approval" and their consent screen says "unverified".',
    fix: [
      `${REGISTRATION_BLADE} → Branding & properties → Publisher verification → add your Microsoft Partner Network ID (the publisher domain must be verified first).`,
    ],
    guideStep: "7",
  };
}

function secretFindings(
  application: GraphApplication,
  context: RegistrationCheckContext,
): { findings: RegistrationFinding[]; expiresAt: string | null } {
  const findings: RegistrationFinding[] = [];
  let expiresAt: string | null = null;
  for (const secret of application.passwordCredentials ?? []) {
    if (!secret.endDateTime) continue;
    const inUse =
      context.deployment.credential.kind === "secret" &&
      context.secretHint !== undefined &&
      secret.hint === context.secretHint;
    if (inUse && (expiresAt === null || secret.endDateTime > expiresAt)) expiresAt = secret.endDateTime;
    const name = `Client secret "${secret.displayName ?? secret.keyId}"${inUse ? " (in use)" : ""}`;
    findings.push(
      expiryFinding(`secret:${secret.keyId}`, name, secret.endDateTime, context.now, inUse, NEW_SECRET_FIX),
    );
  }
  for (const certificate of application.keyCredentials ?? []) {
    if (!certificate.endDateTime) continue;
    const name = `Certificate "${certificate.displayName ?? certificate.keyId}"`;
    findings.push(
      expiryFinding(
        `certificate:${certificate.keyId}`,
        name,
        certificate.endDateTime,
        context.now,
        false,
        NEW_CERTIFICATE_FIX,
      ),
    );
  }
  if (
    context.deployment.credential.kind === "secret" &&
    (application.passwordCredentials ?? []).length > 0 &&
    expiresAt === null
  ) {
    findings.push({
      id: "secret:in-use",
      status: "info",
      title: "Which secret is in use is unclear",
      detail:
        "No registered secret starts like AZURE_CLIENT_SECRET; if the token check passed, the list may be out of date.",
      fix: [],
    });
  }
  return { findings, expiresAt };
}

export async function checkApplication(
  context: RegistrationCheckContext,
): Promise<{ result: RegistrationCheckResult; credentialExpiresAt: string | null }> {
  const certificate = await certificateFileFindings(context);
  const base = { id: "registration" as const, title: "Registration in Entra" };
  let application: GraphApplication;
  try {
    application = await context.graph.get<GraphApplication>(`/applications(appId='${context.deployment.clientId}')`, {
      query: { $select: SELECT },
    });
  } catch (error) {
    const denied = isGraphRequestError(error) && error.status === 403;
    const explained = explainMicrosoftError(error);
    const unseen: RegistrationFinding = denied
      ? {
          id: "registration:unreadable",
          status: "info",
          title: "Guestpass cannot read its registration",
          detail:
            "Without Application.Read.All the redirect URIs, delegated permissions, app roles, publisher and secret expiry cannot be checked here. Check them by hand or grant it.",
          fix: [
            `${REGISTRATION_BLADE} → API permissions → Add a permission → Microsoft Graph → Application permissions → Application.Read.All → Grant admin consent.`,
          ],
          values: [{ label: "Application permission", value: "Application.Read.All" }],
          code: explained.code,
          guideStep: "4",
        }
      : {
          id: "registration:unreadable",
          status: "warn",
          title: "The registration could not be read",
          detail: explained.meaning,
          fix: [...explained.fix],
          code: explained.code === "unknown" ? undefined : explained.code,
        };
    const findings = [...certificate.findings, unseen];
    return {
      result: { ...base, status: worstStatus(findings.map((item) => item.status)), findings },
      credentialExpiresAt: certificate.expiresAt,
    };
  }
  const secrets = secretFindings(application, context);
  const findings = [
    audienceFinding(application),
    ...redirectUriFindings(application, context),
    delegatedFinding(application, context),
    ...roleFindings(application, context),
    publisherFinding(application),
    ...certificate.findings,
    ...secrets.findings,
  ];
  return {
    result: { ...base, status: worstStatus(findings.map((item) => item.status)), findings },
    credentialExpiresAt: certificate.expiresAt ?? secrets.expiresAt,
  };
}
