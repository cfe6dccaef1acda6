import "server-only";
// Check 5: the consent authority (CONSENT_AUTHORITY) answers its OpenID configuration and publishes
// signing keys, read live (the consent flow caches them per process); and the consent URL it would
// build, without the per-attempt state, nonce and PKCE challenge.
import { MICROSOFT_AUTHORITY_HOST_DEFAULT } from "@/lib/env";
import { worstStatus, type RegistrationCheckResult, type RegistrationFinding } from "@/lib/shared/registration";
import type { RegistrationCheckContext } from "./context";

async function fetchJson(url: string, fetcher: typeof fetch): Promise<Record<string, unknown>> {
  const response = await fetcher(url, { signal: AbortSignal.timeout(15_000), cache: "no-store" });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return (await response.json()) as Record<string, unknown>;
}

export async function checkConsentAuthority(
  context: RegistrationCheckContext,
  fetcher: typeof fetch = fetch,
): Promise<RegistrationCheckResult> {
  const { authorityHost, consentAuthority, clientId, redirectUris, delegatedScopes } = context.deployment;
  const authority = `${authorityHost.replace(/\/+$/, "")}/${consentAuthority}`;
  const metadataUrl = `${authority}/v2.0/.well-known/openid-configuration`;
  const findings: RegistrationFinding[] = [];
  try {
    const metadata = await fetchJson(metadataUrl, fetcher);
    const authorize = typeof metadata.authorization_endpoint === "string" ? metadata.authorization_endpoint : null;
    const jwksUri = typeof metadata.jwks_uri === "string" ? metadata.jwks_uri : null;
    if (!authorize || !jwksUri) throw new Error("the OpenID configuration has no authorization_endpoint or jwks_uri");
    const keys = await fetchJson(jwksUri, fetcher);
    const count = Array.isArray(keys.keys) ? keys.keys.length : 0;
    if (count === 0) throw new Error("the key set is empty");
    const example = new URL(authorize);
    example.search = new URLSearchParams({
      client_id: clientId,
      response_type: "code",
      redirect_uri: redirectUris.consent,
      response_mode: "query",
      scope: delegatedScopes.join(" "),
    }).toString();
    findings.push({
      id: "consent-authority",
      status: "pass",
      title: `The consent authority "${consentAuthority}" answers`,
      detail: `OpenID configuration and ${count} signing key${count === 1 ? "" : "s"} read from ${authority}. Consent links send people to the address below (each attempt adds its own state, nonce and PKCE challenge).`,
      fix: [],
      values: [{ label: "Consent sign-in URL", value: example.toString() }],
    });
  } catch (error) {
    findings.push({
      id: "consent-authority",
      status: "fail",
      title: "The consent authority cannot be reached",
      detail: `${metadataUrl} could not be read (${error instanceof Error ? error.message : "no answer"}), so nobody can consent. Check MICROSOFT_AUTHORITY_HOST, CONSENT_AUTHORITY and the server's outbound HTTPS access.`,
      fix: [
        `Set CONSENT_AUTHORITY to common (or organizations, or a tenant id) and MICROSOFT_AUTHORITY_HOST to ${MICROSOFT_AUTHORITY_HOST_DEFAULT} (the default), then restart.`,
      ],
      guideStep: "9",
    });
  }
  if (consentAuthority !== "common" && consentAuthority !== "organizations") {
    findings.push({
      id: "consent-authority:tenant",
      status: "warn",
      title: `Consent uses a single tenant ("${consentAuthority}")`,
      detail:
        "A guest who consents at your tenant gets a token of your tenant, where their mailbox does not live: sending mail as them fails with MailboxNotEnabledForRESTAPI. Use common.",
      fix: ["Set CONSENT_AUTHORITY=common (the default) and restart."],
      guideStep: "9",
    });
  }
  return {
    id: "consentAuthority",
    title: "Consent authority",
    status: worstStatus(findings.map((item) => item.status)),
    findings,
  };
}
