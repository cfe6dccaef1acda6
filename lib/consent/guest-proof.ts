import "server-only";
// Proof that the account consenting for an invitation is the one that redeemed it. A matching
// address is not enough: the guest user Microsoft created for the invitation (Invitation.graphUserId)
// is linked to exactly one home account when the person redeems. A refresh token is bound to user
// and client, not to a tenant (learn.microsoft.com/entra/identity-platform/refresh-tokens), so right
// after the code exchange the same client asks for a token from *our* tenant; Entra issues it only
// to a guest of our tenant, with `oid` = that guest object and `idp` = the home tenant's issuer
// (learn.microsoft.com/entra/external-id/user-token). Its oid must be the invitation's guest.
// An account that is no guest here (it has not redeemed, or redeemed nothing of ours) gets
// AADSTS50020. Every outcome other than a match refuses the consent: the check fails closed.
import type { AccountInfo, ConfidentialClientApplication } from "@azure/msal-node";
import { explainMicrosoftError } from "@/lib/errors/explain";
import { describeErrorForLog } from "@/lib/errors/user-error";
import { logFor } from "@/lib/log";
import { authorityUrl } from "@/lib/identity/authority-metadata";
import type { DelegatedClientConfig } from "@/lib/tokens/delegated-client";
import { IdTokenValidationError } from "@/lib/identity/id-token";
import { validateConsentIdToken } from "./id-token";

export type GuestProof =
  | { kind: "redeemer" }
  /** A guest of our tenant, but another guest object than this invitation's. */
  | { kind: "other_guest"; guestObjectId: string }
  /** No guest of our tenant at all (AADSTS50020): the account has not redeemed this invitation. */
  | { kind: "not_a_guest" }
  /** Microsoft could not be asked, or its answer could not be verified: nothing can be proven now. */
  | { kind: "unproven"; code: string };

const sameId = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export async function proveRedeemer(input: {
  client: ConfidentialClientApplication;
  account: AccountInfo;
  /** The consenting account's object id from the validated consent ID token. */
  consentingObjectId: string;
  guestObjectId: string;
  resourceTenantId: string;
  config: DelegatedClientConfig;
}): Promise<GuestProof> {
  const { config, resourceTenantId, guestObjectId } = input;
  // Consent through our own tenant's authority: the consent's token already is the guest's.
  if (sameId(config.authority, resourceTenantId)) {
    return sameId(input.consentingObjectId, guestObjectId)
      ? { kind: "redeemer" }
      : { kind: "other_guest", guestObjectId: input.consentingObjectId };
  }
  const tenantConfig = { ...config, authority: resourceTenantId };
  let idToken: string | undefined;
  try {
    const result = await input.client.acquireTokenSilent({
      account: input.account,
      authority: authorityUrl(tenantConfig),
      scopes: ["User.Read"],
      forceRefresh: true,
    });
    idToken = result?.idToken;
  } catch (error) {
    const explained = explainMicrosoftError(error);
    if (explained.aadstsCode === "AADSTS50020") return { kind: "not_a_guest" };
    if (!explained.known)
      logFor("consent.guest_proof").error(
        describeErrorForLog(error),
        "the redeemer check failed with an error the catalogue does not know",
      );
    return { kind: "unproven", code: explained.code };
  }
  if (!idToken) return { kind: "unproven", code: "id_token_missing" };
  try {
    const guest = await validateConsentIdToken(idToken, { tenantId: resourceTenantId }, tenantConfig);
    return sameId(guest.objectId, guestObjectId)
      ? { kind: "redeemer" }
      : { kind: "other_guest", guestObjectId: guest.objectId };
  } catch (error) {
    return {
      kind: "unproven",
      code: error instanceof IdTokenValidationError ? `id_token_${error.reason}` : "id_token_invalid",
    };
  }
}
