// The admin-consent link an invited user forwards to their IT administrator when their organisation
// lets only admins consent (AADSTS90094). It names the user's organisation by the invited address's
// domain (Entra accepts a verified domain wherever a tenant id goes) and returns to our callback,
// which thanks the admin (`admin_consent=True`).
import type { DelegatedClientConfig } from "@/lib/tokens/delegated-client";

export function adminConsentUrl(invitedAddress: string, config: Pick<DelegatedClientConfig, "authorityHost" | "clientId" | "redirectUri">): string {
  const domain = invitedAddress.split("@")[1]?.trim().toLowerCase() || "organizations";
  const url = new URL(`${config.authorityHost.replace(/\/+$/, "")}/${encodeURIComponent(domain)}/adminconsent`);
  url.searchParams.set("client_id", config.clientId);
  url.searchParams.set("redirect_uri", config.redirectUri);
  return url.toString();
}
