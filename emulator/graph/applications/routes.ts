// App registrations as Graph serves them: GET /applications(appId='{appId}') and
// GET /applications/{object id}. The application object lives only in the tenant that owns the
// registration (other tenants hold a service principal, not the application), so a caller of
// another tenant gets 404. Permission: Application.Read.All (least privileged) or higher.
// Secrets come back without their value (`secretText` null, a 3-character `hint`), certificates
// without their public key, as Graph does unless `keyCredentials` is selected.
import { createHash } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { GRAPH_APP_ID } from "../../identity/tokens";
import type { AppRegistration } from "../../state/types";
import { authenticate, versionRoot, type GraphContext } from "../context";
import { GraphHttpError } from "../errors";
import { requireDirectoryPermission } from "../permissions";
import { GRAPH_APPLICATION_PERMISSION_IDS, GRAPH_DELEGATED_PERMISSION_IDS } from "./graph-permission-ids";

const READ_APPLICATIONS = {
  application: [
    "Application.Read.All",
    "Application.ReadWrite.OwnedBy",
    "Application.ReadWrite.All",
    "Directory.Read.All",
    "Directory.ReadWrite.All",
  ],
  delegated: ["Application.Read.All", "Application.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"],
} as const;

/** A stable object id for the application object (distinct from its appId, as in Entra). */
export function applicationObjectId(appId: string): string {
  const hex = createHash("sha256").update(`application:${appId}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function requiredResourceAccess(app: AppRegistration) {
  const scopes = app.requiredDelegatedPermissions.flatMap((name) => {
    const id = GRAPH_DELEGATED_PERMISSION_IDS[name];
    return id ? [{ id, type: "Scope" }] : [];
  });
  // The application permissions the registration asks for are those its home tenant consented to.
  const roles = (app.applicationPermissions[app.homeTenantId] ?? []).flatMap((name) => {
    const id = GRAPH_APPLICATION_PERMISSION_IDS[name];
    return id ? [{ id, type: "Role" }] : [];
  });
  const access = [...scopes, ...roles];
  return access.length > 0 ? [{ resourceAppId: GRAPH_APP_ID, resourceAccess: access }] : [];
}

export function toApplication(app: AppRegistration, publisherDomain: string | null) {
  return {
    id: applicationObjectId(app.appId),
    appId: app.appId,
    displayName: app.displayName,
    signInAudience: app.signInAudience,
    publisherDomain,
    verifiedPublisher: {
      displayName: app.verifiedPublisher?.displayName ?? null,
      verifiedPublisherId: app.verifiedPublisher?.verifiedPublisherId ?? null,
      addedDateTime: app.verifiedPublisher?.addedDateTime ?? null,
    },
    web: {
      homePageUrl: null,
      logoutUrl: null,
      redirectUris: app.redirectUris,
      implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: false },
      redirectUriSettings: app.redirectUris.map((uri) => ({ uri, index: null })),
    },
    spa: { redirectUris: app.spaRedirectUris },
    publicClient: { redirectUris: [] },
    requiredResourceAccess: requiredResourceAccess(app),
    appRoles: app.appRoles.map((role) => ({
      allowedMemberTypes: role.allowedMemberTypes,
      description: role.displayName,
      displayName: role.displayName,
      id: role.id,
      isEnabled: true,
      origin: "Application",
      value: role.value,
    })),
    passwordCredentials: app.secrets.map((secret) => ({
      customKeyIdentifier: null,
      displayName: secret.displayName,
      endDateTime: secret.endDateTime,
      hint: secret.value.slice(0, 3),
      keyId: secret.id,
      secretText: null,
      startDateTime: secret.startDateTime,
    })),
    keyCredentials: app.certificates.map((certificate) => ({
      // Entra shows the SHA-1 thumbprint (hex) as the certificate's custom key identifier.
      customKeyIdentifier: Buffer.from(certificate.x5t, "base64url").toString("hex").toUpperCase(),
      displayName: certificate.displayName,
      endDateTime: certificate.endDateTime,
      key: null,
      keyId: certificate.id,
      startDateTime: null,
      type: "AsymmetricX509Cert",
      usage: "Verify",
    })),
  };
}

function selected(request: FastifyRequest, application: Record<string, unknown>): Record<string, unknown> {
  const query = request.query as Record<string, string | undefined>;
  const select = query.$select ?? query.select;
  if (!select) return application;
  const wanted = new Set(select.split(",").map((name) => name.trim()));
  return Object.fromEntries(Object.entries(application).filter(([name]) => wanted.has(name)));
}

export function registerApplicationRoutes(app: FastifyInstance, context: GraphContext): void {
  for (const path of ["/applications:key", "/applications/:key"]) {
    app.get<{ Params: { key: string } }>(path, async (request) => {
      const caller = await authenticate(context, request);
      requireDirectoryPermission(caller, READ_APPLICATIONS);
      const key = request.params.key;
      const byAppId = /^\(appId='([^']+)'\)$/i.exec(key);
      const owned = [...context.state.apps.values()].filter(
        (registration) => registration.homeTenantId === caller.tenantId,
      );
      const registration = byAppId
        ? owned.find((candidate) => candidate.appId === byAppId[1]!.toLowerCase())
        : owned.find((candidate) => applicationObjectId(candidate.appId) === key.toLowerCase());
      if (!registration) {
        throw new GraphHttpError(
          404,
          "Request_ResourceNotFound",
          `Resource '${byAppId ? byAppId[1] : key}' does not exist or one of its queried reference-property objects are not present.`,
        );
      }
      const application = toApplication(registration, caller.tenant.domains[0] ?? null);
      return {
        "@odata.context": `${versionRoot(request)}/$metadata#applications/$entity`,
        ...selected(request, application),
      };
    });
  }
}
