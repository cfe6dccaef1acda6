// The overview page: what happened "at Microsoft" — tenants and their switches, users with their
// guest states, invitations, mail that was sent (and bounced), recent calls. Read-only.
import type { EmulatorState } from "../state/store";
import type { SentMail, User } from "../state/types";
import { escapeHtml as e, page } from "./html";

const pill = (text: string, tone: "ok" | "warn" | "bad" | "" = "") => `<span class="pill ${tone}">${e(text)}</span>`;
const time = (iso: string | null) => (iso ? e(iso.replace("T", " ").slice(0, 19)) : "");

function userState(user: User): string {
  if (!user.accountEnabled) return pill("disabled", "bad");
  if (user.externalUserState === "Accepted") return pill("Accepted", "ok");
  if (user.externalUserState === "PendingAcceptance") return pill("PendingAcceptance", "warn");
  return "";
}

function mailStatus(mail: SentMail): string {
  if (mail.kind === "nonDeliveryReport") return pill("non-delivery report", "bad");
  return mail.delivery.status === "delivered"
    ? pill("delivered", "ok")
    : `${pill("bounced", "bad")} <span class="muted">${e(mail.delivery.smtpStatus)}</span>`;
}

export function renderOverview(state: EmulatorState, origin: string): string {
  const tenantName = (id: string) => state.getTenant(id)?.displayName ?? id;
  const tenants = [...state.tenants.values()]
    .map((tenant) => {
      const flags = [
        tenant.userConsent === "adminOnly"
          ? pill("admin approval required", "warn")
          : pill("user consent allowed", "ok"),
        tenant.outboundMailBlocked ? pill("outbound mail blocked (5.7.708)", "bad") : "",
        tenant.invitationsDisabled ? pill("B2B invitations disabled", "bad") : "",
        tenant.invitationsBlockedForSuspiciousActivity ? pill("invitations blocked (suspicious activity)", "bad") : "",
        tenant.allowInvitesFrom !== "everyone" && tenant.allowInvitesFrom !== "adminsGuestInvitersAndAllMembers"
          ? pill(`guest invites: ${tenant.allowInvitesFrom}`, "bad")
          : "",
      ].join(" ");
      return `<tr><td><b>${e(tenant.displayName)}</b><br><code>${e(tenant.id)}</code></td><td>${e(tenant.domains.join(", "))}</td><td>${flags}</td></tr>`;
    })
    .join("");
  const users = [...state.users.values()]
    .sort(
      (a, b) =>
        tenantName(a.tenantId).localeCompare(tenantName(b.tenantId)) ||
        a.userPrincipalName.localeCompare(b.userPrincipalName),
    )
    .map((user) => {
      const roles = state.roleAssignments
        .filter((assignment) => assignment.userId === user.id)
        .map((assignment) => assignment.roleValue);
      const home = user.redeemedBy ? state.getUser(user.redeemedBy.userId) : undefined;
      return `<tr data-user="${e(user.id)}"><td>${e(tenantName(user.tenantId))}</td><td><b>${e(user.displayName)}</b><br><span class="muted">${e(user.userPrincipalName)}</span></td><td>${e(user.mail)}</td><td>${e(user.userType)}${user.isTenantAdmin ? " · admin" : ""}</td><td>${userState(user)} ${time(user.externalUserStateChangeDateTime)}${home ? `<br><span class="muted">redeemed by ${e(home.userPrincipalName)}</span>` : ""}</td><td>${e(user.mailbox)}</td><td>${e(roles.join(", "))}</td></tr>`;
    })
    .join("");
  const invitations = [...state.invitations.values()]
    .reverse()
    .map(
      (invitation) =>
        `<tr><td>${time(invitation.createdDateTime)}</td><td>${e(tenantName(invitation.tenantId))}</td><td>${e(invitation.invitedUserEmailAddress)}</td><td>${e(invitation.invitedUserType)}</td><td>${pill(invitation.status, invitation.status === "Completed" ? "ok" : invitation.status === "Error" ? "bad" : "warn")}</td><td><a href="${e(invitation.inviteRedeemUrl)}">redeem link</a></td></tr>`,
    )
    .join("");
  const mail = [...state.sentMail]
    .reverse()
    .map(
      (message) =>
        `<tr><td>${time(message.sentDateTime)}</td><td>${e(message.kind)}</td><td>${e(message.from.address)}</td><td>${e(message.to.map((to) => to.address).join(", "))}</td><td>${e(message.subject)}</td><td>${mailStatus(message)}</td></tr>`,
    )
    .join("");
  const consents = state.delegatedGrants
    .map((grant) => {
      const who = grant.userId
        ? (state.getUser(grant.userId)?.userPrincipalName ?? grant.userId)
        : "everyone (admin consent)";
      return `<tr><td>${time(grant.createdDateTime)}</td><td>${e(state.getApp(grant.appId)?.displayName ?? grant.appId)}</td><td>${e(tenantName(grant.tenantId))}</td><td>${e(who)}</td><td>${e(grant.scopes.join(" "))}</td></tr>`;
    })
    .join("");
  const requests = state.requestLog
    .slice(-40)
    .reverse()
    .map(
      (entry) =>
        `<tr><td>${time(entry.time)}</td><td>${e(entry.method)}</td><td><code>${e(entry.url.slice(0, 120))}</code></td><td>${entry.status >= 400 ? pill(String(entry.status), "bad") : e(entry.status)}</td><td>${e(entry.errorCode)}</td><td>${e(entry.durationMs)} ms</td></tr>`,
    )
    .join("");
  const empty = (columns: number, text: string) => `<tr><td colspan="${columns}" class="muted">${e(text)}</td></tr>`;
  return page(
    "Guestpass emulator",
    `<h1>Guestpass emulator</h1><p class="muted">What Microsoft would hold and have done, as seen from ${e(origin)}. Refreshes every 5 seconds. Read-only; tests change it through <code>/control</code>.</p>
<section><h2>Tenants</h2><table><thead><tr><th>Tenant</th><th>Domains</th><th>Settings</th></tr></thead><tbody>${tenants || empty(3, "No tenants.")}</tbody></table></section>
<section><h2>Users</h2><table id="users"><thead><tr><th>Directory</th><th>User</th><th>Mail</th><th>Type</th><th>External state</th><th>Mailbox</th><th>App roles</th></tr></thead><tbody>${users || empty(7, "No users.")}</tbody></table></section>
<section><h2>Invitations</h2><table id="invitations"><thead><tr><th>Created</th><th>Inviting tenant</th><th>Invited</th><th>Type</th><th>Status</th><th></th></tr></thead><tbody>${invitations || empty(6, "No invitations yet.")}</tbody></table></section>
<section><h2>Consents</h2><table id="consents"><thead><tr><th>Granted</th><th>App</th><th>Tenant</th><th>For</th><th>Scopes</th></tr></thead><tbody>${consents || empty(5, "No consents.")}</tbody></table></section>
<section><h2>Sent mail</h2><table id="mail"><thead><tr><th>Sent</th><th>Kind</th><th>From</th><th>To</th><th>Subject</th><th>Delivery</th></tr></thead><tbody>${mail || empty(6, "No mail yet.")}</tbody></table></section>
<section><h2>Recent calls</h2><table id="requests"><thead><tr><th>Time</th><th></th><th>URL</th><th>Status</th><th>Error</th><th>Took</th></tr></thead><tbody>${requests || empty(6, "No calls yet.")}</tbody></table></section>`,
    { wide: true, refreshSeconds: 5 },
  );
}
