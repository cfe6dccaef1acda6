// Shared by the consent and grant integration tests: an invitation row, a consent driven through
// the emulator's real sign-in and consent pages (ScriptedBrowser: plain HTTPS, cookies, forms), and
// the callback handled exactly as the route handler does. Test-only.
import { randomBytes } from "node:crypto";
import { expect } from "vitest";
import { ScriptedBrowser, type ScriptedOutcome, type ScriptedUser } from "@/emulator/identity/scripted-browser";
import { DEMO_PASSWORD } from "@/emulator/state/default-scenario";
import { prisma } from "@/lib/db/client";
import type { InvitationStatus } from "@/lib/db/generated/client";
import { getEnv } from "@/lib/env";
import { appGraphClientFromEnv } from "@/lib/graph/from-env";
import { createInvitation as postInvitation } from "@/lib/graph/invitations";
import { consentPageUrl } from "@/lib/invitations/consent-url";
import type { DelegatedClientConfig } from "@/lib/tokens/delegated-client";
import { handleConsentCallback } from "./callback";
import type { ConsentEntryKey } from "./links";
import type { ConsentCallbackResult } from "./outcome";
import { startConsent } from "./start";

export async function createInvitation(
  email: string,
  status: InvitationStatus = "Accepted",
): Promise<{ id: string; email: string }> {
  // One invitation per address: tests that reuse a demo account remove the previous one.
  await prisma.invitation.deleteMany({ where: { email: email.toLowerCase() } });
  await prisma.grant.deleteMany({ where: { username: email.toLowerCase() } });
  return prisma.invitation.create({
    data: { email: email.toLowerCase(), displayName: email.split("@")[0], status },
    select: { id: true, email: true },
  });
}

/** An invitation as the worker leaves it: Graph created the guest, the row knows its object id. */
export async function invitedThroughGraph(
  upn: string,
): Promise<{ invitationId: string; guestObjectId: string; graphInvitationId: string }> {
  const row = await createInvitation(upn, "PendingAcceptance");
  const sent = await postInvitation(appGraphClientFromEnv(), {
    invitedUserEmailAddress: upn,
    inviteRedirectUrl: consentPageUrl(row.id),
    sendInvitationMessage: false,
  });
  await prisma.invitation.update({
    where: { id: row.id },
    data: { graphUserId: sent.invitedUser!.id, inviteRedeemUrl: sent.inviteRedeemUrl },
  });
  return { invitationId: row.id, guestObjectId: sent.invitedUser!.id, graphInvitationId: sent.id };
}

export const asUser = (upn: string, extra: Partial<ScriptedUser> = {}): ScriptedUser => ({
  username: upn,
  password: DEMO_PASSWORD,
  ...extra,
});

export function newBrowser(): ScriptedBrowser {
  return new ScriptedBrowser(getEnv().MICROSOFT_AUTHORITY_HOST);
}

export interface DrivenConsent {
  started: Awaited<ReturnType<typeof startConsent>>;
  microsoft: ScriptedOutcome;
  /** The callback URL Microsoft sent the browser to (undefined if it never left the emulator). */
  callbackUrl?: URL;
}

/** Starts a consent and plays the user on the emulator up to the redirect back to the portal. */
export async function driveConsent(
  key: ConsentEntryKey,
  user: ScriptedUser,
  options: { config?: DelegatedClientConfig; browserBinding?: string; browser?: ScriptedBrowser } = {},
): Promise<DrivenConsent> {
  const started = await startConsent(key, { config: options.config, browserBinding: options.browserBinding });
  const microsoft = await (options.browser ?? newBrowser()).run(started.authorizeUrl, user);
  return { started, microsoft, callbackUrl: microsoft.kind === "redirect" ? microsoft.url : undefined };
}

/** The callback as the route handler runs it: query string + the browser's binding cookie. */
export function callback(
  url: URL,
  browserBinding: string | undefined,
  config?: DelegatedClientConfig,
): Promise<ConsentCallbackResult> {
  return handleConsentCallback({ query: url.searchParams, browserBinding, config });
}

/** A full successful consent; returns the grant id. */
export async function consentFully(key: ConsentEntryKey, upn: string, config?: DelegatedClientConfig): Promise<string> {
  const driven = await driveConsent(key, asUser(upn), { config });
  expect(driven.callbackUrl, JSON.stringify(driven.microsoft).slice(0, 400)).toBeDefined();
  const result = await callback(driven.callbackUrl!, driven.started.browserBinding, config);
  expect(result).toMatchObject({ kind: "attempt", outcome: { kind: "consented" } });
  const attempt = await prisma.consentAttempt.findUniqueOrThrow({
    where: { id: driven.started.attemptId },
    select: { invitation: { select: { grant: { select: { id: true } } } } },
  });
  return attempt.invitation.grant!.id;
}

export const uniqueFabrikamUpn = (prefix = "guest") => `${prefix}-${randomBytes(4).toString("hex")}@fabrikam.com`;

type HomeTenant = "fabrikam" | "northwind" | "litware" | "tailspin";

/** A fresh account with a mailbox in another tenant (Fabrikam: user consent allowed), no invitation. */
export async function freshHomeAccount(
  prefix = "guest",
  tenant: HomeTenant = "fabrikam",
): Promise<{ upn: string; userId: string }> {
  const { EmulatorControl } = await import("@/emulator/control/client");
  const { DEMO_TENANTS } = await import("@/emulator/state/default-scenario");
  const upn = uniqueFabrikamUpn(prefix).replace("fabrikam.com", DEMO_TENANTS[tenant].domain);
  const user = await EmulatorControl.fromEnv().createUser({
    tenantId: DEMO_TENANTS[tenant].id,
    userPrincipalName: upn,
    mail: upn,
    displayName: prefix,
    password: DEMO_PASSWORD,
    mailbox: "exchangeOnline",
  });
  return { upn, userId: user.id };
}

/** A fresh home account plus an invitation for its address. */
export async function freshFabrikamInvitee(
  prefix = "guest",
  tenant: HomeTenant = "fabrikam",
): Promise<{ upn: string; userId: string; invitationId: string }> {
  const account = await freshHomeAccount(prefix, tenant);
  const invitation = await createInvitation(account.upn);
  return { ...account, invitationId: invitation.id };
}
