import "server-only";
// What every check reads: this deployment's expected values, an app-only token source and Graph.
// The check runs against whatever these point at (Microsoft, or the emulator in tests).
import type { GraphClient } from "@/lib/graph/client";
import type { AppOnlyTokenProvider } from "@/lib/identity/app-only-token";
import type { InvitationMailSettingsView } from "@/lib/shared/invitation-mail";
import type { RegistrationFinding } from "@/lib/shared/registration";
import type { DeploymentRegistration } from "../deployment";

export interface RegistrationCheckContext {
  deployment: DeploymentRegistration;
  tokens: Pick<AppOnlyTokenProvider, "getToken" | "describeCredential">;
  graph: Pick<GraphClient, "get">;
  /** The first three characters of the configured client secret: Graph's `hint`, to tell which secret is in use. */
  secretHint?: string;
  /** Settings → Invitation mail; absent: Microsoft mails the invitations. */
  invitationMail?: InvitationMailSettingsView;
  now: Date;
}

/** The Entra admin center path to the registration, as the fixes spell it. */
export const REGISTRATION_BLADE =
  "Entra admin center → Identity → Applications → App registrations → your Guestpass app";

export function finding(init: RegistrationFinding): RegistrationFinding {
  return init;
}
