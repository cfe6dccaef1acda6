// Control routes that shape the directory: tenants, users, app registrations, role assignments,
// application permissions and delegated grants. Answers are the state's own objects.
import { randomBytes, randomUUID } from "node:crypto";
import type { FastifyInstance, FastifyReply } from "fastify";
import type { z } from "zod";
import { DEMO_PASSWORD } from "../state/default-scenario";
import { certificateThumbprints } from "../state/scenario";
import type { EmulatorState } from "../state/store";
import type { AppRegistration, User } from "../state/types";
import {
  addCertificateSchema,
  addSecretSchema,
  appPatchSchema,
  createAppSchema,
  createTenantSchema,
  createUserSchema,
  delegatedGrantSchema,
  permissionsSchema,
  roleAssignmentSchema,
  secretPatchSchema,
  tenantFlagsSchema,
  userPatchSchema,
} from "./schemas";

type Params = { id: string; tenantId: string };

/** Parses a body or answers 400 with the issues; returns undefined when it answered. */
/**
 * Entra's rules for a sign-in name: its domain is one the user's tenant verified, and no other
 * account has it. The portal trusts a work account's preferred_username because of them.
 */
function userPrincipalNameProblem(
  state: EmulatorState,
  tenantId: string,
  userPrincipalName: string,
  userId?: string,
): string | undefined {
  const domain = userPrincipalName.split("@")[1]?.toLowerCase();
  if (!domain || !state.getTenant(tenantId)?.domains.some((verified) => verified.toLowerCase() === domain)) {
    return `The domain of ${userPrincipalName} is not a verified domain of tenant ${tenantId}.`;
  }
  const taken = [...state.users.values()].find(
    (other) => other.id !== userId && other.userPrincipalName.toLowerCase() === userPrincipalName.toLowerCase(),
  );
  return taken ? `Another account already signs in as ${userPrincipalName}.` : undefined;
}

export function parseBody<S extends z.ZodType>(schema: S, body: unknown, reply: FastifyReply): z.infer<S> | undefined {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  void reply.code(400).send({ error: "invalid_request", issues: parsed.error.issues });
  return undefined;
}

const notFound = (reply: FastifyReply, what: string) =>
  reply.code(404).send({ error: "not_found", message: `${what} not found` });

export function registerDirectoryRoutes(app: FastifyInstance, state: EmulatorState): void {
  app.get("/state", async () => ({
    tenants: [...state.tenants.values()],
    users: [...state.users.values()],
    apps: [...state.apps.values()],
    invitations: [...state.invitations.values()],
    roleAssignments: state.roleAssignments,
    delegatedGrants: state.delegatedGrants,
    refreshRotation: state.refreshRotation,
    lifetimes: state.lifetimes,
  }));

  app.get("/tenants", async () => [...state.tenants.values()]);
  app.post("/tenants", async (request, reply) => {
    const input = parseBody(createTenantSchema, request.body, reply);
    if (!input) return reply;
    const id = (input.id ?? randomUUID()).toLowerCase();
    if (state.getTenant(id) || input.domains.some((domain) => state.resolveTenant(domain)))
      return reply.code(409).send({ error: "conflict", message: "tenant id or domain taken" });
    const tenant = {
      id,
      displayName: input.displayName,
      domains: input.domains,
      userConsent: input.userConsent ?? "allowed",
      outboundMailBlocked: input.outboundMailBlocked ?? false,
      invitationsDisabled: input.invitationsDisabled ?? false,
      invitationsBlockedForSuspiciousActivity: input.invitationsBlockedForSuspiciousActivity ?? false,
      allowInvitesFrom: input.allowInvitesFrom ?? "everyone",
    };
    state.tenants.set(id, tenant);
    return reply.code(201).send(tenant);
  });
  app.patch<{ Params: Params }>("/tenants/:id", async (request, reply) => {
    const tenant = state.getTenant(request.params.id);
    if (!tenant) return notFound(reply, "tenant");
    const patch = parseBody(tenantFlagsSchema, request.body, reply);
    if (!patch) return reply;
    return Object.assign(tenant, patch);
  });

  app.get<{ Querystring: { tenantId?: string } }>("/users", async (request) =>
    request.query.tenantId ? state.usersInTenant(request.query.tenantId) : [...state.users.values()],
  );
  app.get<{ Params: Params }>(
    "/users/:id",
    async (request, reply) => state.getUser(request.params.id) ?? notFound(reply, "user"),
  );
  app.post("/users", async (request, reply) => {
    const input = parseBody(createUserSchema, request.body, reply);
    if (!input) return reply;
    if (!state.getTenant(input.tenantId)) return notFound(reply, "tenant");
    const id = (input.id ?? randomUUID()).toLowerCase();
    if (state.getUser(id)) return reply.code(409).send({ error: "conflict", message: "user id taken" });
    const refused = userPrincipalNameProblem(state, input.tenantId, input.userPrincipalName);
    if (refused) return reply.code(400).send({ error: "invalid_upn", message: refused });
    const userType = input.userType ?? "Member";
    const user: User = {
      id,
      tenantId: input.tenantId.toLowerCase(),
      userPrincipalName: input.userPrincipalName,
      displayName: input.displayName ?? input.userPrincipalName.split("@")[0]!,
      givenName: input.givenName ?? null,
      surname: input.surname ?? null,
      mail: input.mail === undefined ? input.userPrincipalName : input.mail,
      otherMails: input.otherMails ?? [],
      userType,
      accountEnabled: input.accountEnabled ?? true,
      createdDateTime: new Date().toISOString(),
      externalUserState: input.externalUserState ?? null,
      externalUserStateChangeDateTime: input.externalUserState ? new Date().toISOString() : null,
      password: input.password === undefined ? (userType === "Member" ? DEMO_PASSWORD : null) : input.password,
      mailbox: input.mailbox ?? "exchangeOnline",
      isTenantAdmin: input.isTenantAdmin ?? false,
      redeemedBy: null,
    };
    return reply.code(201).send(state.addUser(user));
  });
  app.patch<{ Params: Params }>("/users/:id", async (request, reply) => {
    const user = state.getUser(request.params.id);
    if (!user) return notFound(reply, "user");
    const patch = parseBody(userPatchSchema, request.body, reply);
    if (!patch) return reply;
    const refused =
      patch.userPrincipalName === undefined
        ? undefined
        : userPrincipalNameProblem(state, user.tenantId, patch.userPrincipalName, user.id);
    if (refused) return reply.code(400).send({ error: "invalid_upn", message: refused });
    if (patch.externalUserState !== undefined && patch.externalUserState !== user.externalUserState)
      user.externalUserStateChangeDateTime = new Date().toISOString();
    return Object.assign(user, patch);
  });
  app.delete<{ Params: Params }>("/users/:id", async (request, reply) =>
    state.deleteUser(request.params.id) ? reply.code(204).send() : notFound(reply, "user"),
  );

  app.get("/apps", async () => [...state.apps.values()]);
  app.post("/apps", async (request, reply) => {
    const input = parseBody(createAppSchema, request.body, reply);
    if (!input) return reply;
    const appId = (input.appId ?? randomUUID()).toLowerCase();
    if (state.getApp(appId)) return reply.code(409).send({ error: "conflict", message: "appId taken" });
    const registration: AppRegistration = {
      appId,
      displayName: input.displayName,
      homeTenantId: input.homeTenantId.toLowerCase(),
      signInAudience: input.signInAudience,
      redirectUris: input.redirectUris,
      spaRedirectUris: [],
      verifiedPublisher: null,
      secrets: [],
      certificates: [],
      appRoles: input.appRoles.map((role) => ({
        id: randomUUID(),
        value: role.value,
        displayName: role.displayName ?? role.value,
        allowedMemberTypes: ["User"],
      })),
      applicationPermissions: {},
      requiredDelegatedPermissions: input.requiredDelegatedPermissions,
      removeUnverifiedEmailClaim: input.removeUnverifiedEmailClaim,
      idTokenOptionalClaims: input.idTokenOptionalClaims,
    };
    state.apps.set(appId, registration);
    return reply.code(201).send(registration);
  });
  app.patch<{ Params: Params }>("/apps/:id", async (request, reply) => {
    const registration = state.getApp(request.params.id);
    if (!registration) return notFound(reply, "app");
    const patch = parseBody(appPatchSchema, request.body, reply);
    if (!patch) return reply;
    const { verifiedPublisher, appRoles, ...plain } = patch;
    if (verifiedPublisher !== undefined) {
      registration.verifiedPublisher = verifiedPublisher && {
        ...verifiedPublisher,
        addedDateTime: new Date().toISOString(),
      };
    }
    if (appRoles !== undefined) {
      registration.appRoles = appRoles.map(
        (role) =>
          registration.appRoles.find((kept) => kept.value === role.value) ?? {
            id: randomUUID(),
            value: role.value,
            displayName: role.displayName ?? role.value,
            allowedMemberTypes: ["User"],
          },
      );
    }
    return Object.assign(registration, plain);
  });
  app.post<{ Params: Params }>("/apps/:id/secrets", async (request, reply) => {
    const registration = state.getApp(request.params.id);
    if (!registration) return notFound(reply, "app");
    const input = parseBody(addSecretSchema, request.body, reply);
    if (!input) return reply;
    const secret = {
      id: randomUUID(),
      value: input.value ?? `emu~${randomBytes(24).toString("base64url")}`,
      displayName: input.displayName,
      startDateTime: new Date().toISOString(),
      endDateTime: input.endDateTime ?? new Date(Date.now() + 180 * 86_400_000).toISOString(),
    };
    registration.secrets.push(secret);
    return reply.code(201).send(secret);
  });
  app.patch<{ Params: Params & { secretId: string } }>("/apps/:id/secrets/:secretId", async (request, reply) => {
    const secret = state
      .getApp(request.params.id)
      ?.secrets.find((candidate) => candidate.id === request.params.secretId);
    if (!secret) return notFound(reply, "secret");
    const patch = parseBody(secretPatchSchema, request.body, reply);
    if (!patch) return reply;
    secret.endDateTime = new Date(patch.endDateTime).toISOString();
    return secret;
  });
  app.delete<{ Params: Params & { secretId: string } }>("/apps/:id/secrets/:secretId", async (request, reply) => {
    const registration = state.getApp(request.params.id);
    const index = registration?.secrets.findIndex((secret) => secret.id === request.params.secretId) ?? -1;
    if (!registration || index < 0) return notFound(reply, "secret");
    registration.secrets.splice(index, 1);
    return reply.code(204).send();
  });
  app.post<{ Params: Params }>("/apps/:id/certificates", async (request, reply) => {
    const registration = state.getApp(request.params.id);
    if (!registration) return notFound(reply, "app");
    const input = parseBody(addCertificateSchema, request.body, reply);
    if (!input) return reply;
    const certificate = {
      id: randomUUID(),
      displayName: input.displayName,
      certificatePem: input.certificatePem,
      ...certificateThumbprints(input.certificatePem),
    };
    registration.certificates.push(certificate);
    return reply.code(201).send(certificate);
  });
  app.delete<{ Params: Params & { certificateId: string } }>(
    "/apps/:id/certificates/:certificateId",
    async (request, reply) => {
      const registration = state.getApp(request.params.id);
      const index =
        registration?.certificates.findIndex((certificate) => certificate.id === request.params.certificateId) ?? -1;
      if (!registration || index < 0) return notFound(reply, "certificate");
      registration.certificates.splice(index, 1);
      return reply.code(204).send();
    },
  );
  app.put<{ Params: Params }>("/apps/:id/application-permissions/:tenantId", async (request, reply) => {
    const registration = state.getApp(request.params.id);
    if (!registration || !state.getTenant(request.params.tenantId)) return notFound(reply, "app or tenant");
    const input = parseBody(permissionsSchema, request.body, reply);
    if (!input) return reply;
    registration.applicationPermissions[request.params.tenantId.toLowerCase()] = input.permissions;
    return registration.applicationPermissions;
  });
  app.post<{ Params: Params }>("/apps/:id/role-assignments", async (request, reply) => {
    const registration = state.getApp(request.params.id);
    if (!registration) return notFound(reply, "app");
    const input = parseBody(roleAssignmentSchema, request.body, reply);
    if (!input) return reply;
    if (!registration.appRoles.some((role) => role.value === input.roleValue))
      return reply.code(400).send({ error: "invalid_request", message: `app has no role ${input.roleValue}` });
    const assignment = {
      id: randomUUID(),
      appId: registration.appId,
      ...input,
      createdDateTime: new Date().toISOString(),
    };
    state.roleAssignments.push(assignment);
    return reply.code(201).send(assignment);
  });
  app.delete<{ Params: Params }>("/role-assignments/:id", async (request, reply) => {
    const index = state.roleAssignments.findIndex((assignment) => assignment.id === request.params.id);
    if (index < 0) return notFound(reply, "role assignment");
    state.roleAssignments.splice(index, 1);
    return reply.code(204).send();
  });
  app.get("/delegated-grants", async () => state.delegatedGrants);
  app.post("/delegated-grants", async (request, reply) => {
    const input = parseBody(delegatedGrantSchema, request.body, reply);
    if (!input) return reply;
    return reply
      .code(201)
      .send(
        state.grantDelegated(
          input.appId.toLowerCase(),
          input.tenantId.toLowerCase(),
          input.userId?.toLowerCase() ?? null,
          input.scopes,
        ),
      );
  });
  app.delete<{ Params: Params }>("/delegated-grants/:id", async (request, reply) => {
    const index = state.delegatedGrants.findIndex((grant) => grant.id === request.params.id);
    if (index < 0) return notFound(reply, "grant");
    state.delegatedGrants.splice(index, 1);
    return reply.code(204).send();
  });
}
