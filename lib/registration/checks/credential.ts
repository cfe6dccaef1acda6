import "server-only";
// Check 1: an app-only token can be had with the configured secret or certificate. A fresh token
// is asked for (the cache could hide a secret that stopped working an hour ago); Microsoft's
// answer goes through the error catalogue (AADSTS7000215 wrong secret, 7000222 expired,
// 700016 unknown app, 700027 unregistered certificate).
import { explainMicrosoftError } from "@/lib/errors/explain";
import type { AppOnlyToken } from "@/lib/identity/app-only-token";
import { worstStatus, type RegistrationCheckResult, type RegistrationFinding } from "@/lib/shared/registration";
import type { RegistrationCheckContext } from "./context";

export async function checkCredential(
  context: RegistrationCheckContext,
): Promise<{ result: RegistrationCheckResult; token: AppOnlyToken | null }> {
  const kind =
    context.deployment.credential.kind === "secret"
      ? "client secret (AZURE_CLIENT_SECRET)"
      : "certificate (AZURE_CLIENT_CERTIFICATE_PATH)";
  let token: AppOnlyToken | null = null;
  let found: RegistrationFinding;
  try {
    token = await context.tokens.getToken({ forceRefresh: true });
    found = {
      id: "token",
      status: "pass",
      title: "Guestpass gets an app-only token",
      detail: `Microsoft issued a token for Microsoft Graph to this app with the configured ${kind}.`,
      fix: [],
    };
  } catch (error) {
    const explained = explainMicrosoftError(error);
    found = {
      id: "token",
      status: "fail",
      title: explained.known ? explained.title : "Guestpass cannot get an app-only token",
      detail: `${explained.meaning} (Guestpass uses the ${kind}.)`,
      fix: [...explained.fix],
      code: explained.code === "unknown" ? undefined : explained.code,
      guideStep: "3",
    };
  }
  const result: RegistrationCheckResult = {
    id: "credential",
    title: "Credential",
    status: worstStatus([found.status]),
    findings: [found],
  };
  return { result, token };
}
