import "server-only";
import { getEnv } from "@/lib/env";

/**
 * Where Microsoft sends the invited user after redeeming (`inviteRedirectUrl`): this invitation's
 * consent page, so redeeming leads straight to consent. The page itself is app/consent/i/[invitationId].
 */
export function consentPageUrl(invitationId: string): string {
  return `${getEnv().APP_URL}/consent/i/${encodeURIComponent(invitationId)}`;
}
