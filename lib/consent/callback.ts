import "server-only";
// The consent callback: state → attempt (single use, unexpired, same browser) → Microsoft's answer
// (an error explained through the catalogue, or a code) → code exchange with the PKCE verifier →
// ID token validation (signature, issuer for the user's tenant, audience, nonce) → wrong-account
// policy (only address claims Microsoft vouches for) → for an invitation Microsoft created a guest
// for, proof that this account is that guest (lib/consent/guest-proof.ts) → the tokens into the vault as a grant bound to
// the account's (tid, oid) — refused if that would take over or move a grant — the link spent, the
// invitation Consented.
// Nothing here returns or logs a token: results carry codes and addresses only.
import { prisma } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { explainMicrosoftError } from "@/lib/errors/explain";
import { describeErrorForLog } from "@/lib/errors/user-error";
import { PendingConsentCache } from "@/lib/tokens/cache-plugin";
import {
  createDelegatedClient,
  delegatedConfigFromEnv,
  type DelegatedClientConfig,
} from "@/lib/tokens/delegated-client";
import { readCodeVerifier } from "@/lib/tokens/vault";
import { checkConsentingAccount } from "./account-policy";
import { adminConsentLinkPath } from "./admin-consent";
import { handleAdminConsentCallback, isAdminConsentCallback } from "./admin-consent-callback";
import { IdTokenValidationError } from "@/lib/identity/id-token";
import { validateConsentIdToken } from "./id-token";
import { proveRedeemer } from "./guest-proof";
import {
  FAILURE_ACCOUNT_CONFLICT,
  FAILURE_DECLINED,
  FAILURE_ID_TOKEN,
  FAILURE_NOT_REDEEMER,
  FAILURE_REDEEMER_UNPROVEN,
  FAILURE_WRONG_ACCOUNT,
  type AttemptOutcome,
  type ConsentCallbackResult,
  type NotRedeemerReason,
} from "./outcome";
import { recordConsentFailure, recordConsentSuccess } from "./record";
import { sameHash, sha256Hex } from "./secrets";
import { logFor } from "@/lib/log";

export interface ConsentCallbackInput {
  /** The callback URL's query parameters. */
  query: URLSearchParams;
  /** The browser-binding cookie sent with the callback, if any. */
  browserBinding: string | undefined;
  config?: DelegatedClientConfig;
  now?: Date;
}

type ClaimedAttempt = NonNullable<Awaited<ReturnType<typeof findAttempt>>>;

function findAttempt(stateHash: string) {
  return prisma.consentAttempt.findUnique({
    where: { stateHash },
    select: {
      id: true,
      invitationId: true,
      consentRequestId: true,
      stateHash: true,
      browserBindingHash: true,
      nonce: true,
      expiresAt: true,
      usedAt: true,
      invitation: { select: { email: true, status: true, graphUserId: true, externalUserState: true } },
    },
  });
}

export async function handleConsentCallback(input: ConsentCallbackInput): Promise<ConsentCallbackResult> {
  const { query } = input;
  const now = input.now ?? new Date();
  if (isAdminConsentCallback(query))
    return {
      kind: "admin",
      result: await handleAdminConsentCallback({ query, browserBinding: input.browserBinding, now }),
    };

  const state = query.get("state");
  if (!state) return { kind: "problem", reason: "missing_state" };
  const attempt = await findAttempt(sha256Hex(state));
  if (!attempt) return { kind: "problem", reason: "state_invalid" };
  if (attempt.usedAt) return { kind: "problem", reason: "state_replayed" };
  // Checked before the attempt is claimed: a leaked callback URL opened elsewhere must not spend it.
  if (!input.browserBinding || !sameHash(sha256Hex(input.browserBinding), attempt.browserBindingHash)) {
    return { kind: "problem", reason: "other_browser" };
  }
  // Claim it: exactly one callback gets past this line per attempt, even if two arrive at once.
  const claimed = await prisma.consentAttempt.updateMany({
    where: { id: attempt.id, usedAt: null },
    data: { usedAt: now },
  });
  if (claimed.count !== 1) return { kind: "problem", reason: "state_replayed" };
  if (attempt.expiresAt <= now) {
    await prisma.consentAttempt.update({ where: { id: attempt.id }, data: { failureCode: "state_expired" } });
    return { kind: "problem", reason: "state_expired" };
  }

  // Erased with the grant while the person was at Microsoft: nothing to redeem the code with.
  const codeVerifier = await readCodeVerifier(attempt.id);
  if (codeVerifier === null) {
    await prisma.consentAttempt.update({ where: { id: attempt.id }, data: { failureCode: "state_expired" } });
    return { kind: "problem", reason: "state_expired" };
  }

  const config = input.config ?? delegatedConfigFromEnv();
  const outcome = await completeAttempt({ ...attempt, codeVerifier }, query, config);
  return { kind: "attempt", attemptId: attempt.id, outcome };
}

async function completeAttempt(
  attempt: ClaimedAttempt & { codeVerifier: string },
  query: URLSearchParams,
  config: DelegatedClientConfig,
): Promise<AttemptOutcome> {
  const invitedAddress = attempt.invitation.email;
  const fail = async (outcome: AttemptOutcome, code: string, detail: Record<string, string | boolean> = {}) => {
    await recordConsentFailure({ attemptId: attempt.id, invitationId: attempt.invitationId, code, detail });
    return outcome;
  };

  // Microsoft sent an error instead of a code.
  if (query.get("error")) {
    const explained = explainMicrosoftError(query);
    if (explained.aadstsCode === "AADSTS90094") {
      return fail(
        { kind: "admin_approval_required", adminConsentUrl: `${getEnv().APP_URL}${adminConsentLinkPath(attempt.id)}` },
        "AADSTS90094",
      );
    }
    if (
      explained.aadstsCode === "AADSTS65004" ||
      (query.get("error") === "access_denied" && query.get("error_subcode") === "cancel")
    ) {
      return fail({ kind: "declined" }, FAILURE_DECLINED);
    }
    return fail({ kind: "failed", code: explained.code }, explained.code);
  }
  const code = query.get("code");
  if (!code) return fail({ kind: "failed", code: "invalid_request" }, "invalid_request");

  const cache = new PendingConsentCache();
  let result;
  let client;
  try {
    client = await createDelegatedClient(config, cache);
    result = await client.acquireTokenByCode({
      code,
      scopes: config.scopes,
      redirectUri: config.redirectUri,
      codeVerifier: attempt.codeVerifier,
      nonce: attempt.nonce,
    });
  } catch (error) {
    const explained = explainMicrosoftError(error);
    if (!explained.known)
      logFor("consent.callback").error(
        { attemptId: attempt.id, ...describeErrorForLog(error) },
        "consent failed with an error the catalogue does not know",
      );
    return fail({ kind: "failed", code: explained.code }, explained.code);
  }
  if (!result?.idToken || !result.account)
    return fail({ kind: "failed", code: FAILURE_ID_TOKEN }, FAILURE_ID_TOKEN, { reason: "missing" });

  let account;
  try {
    account = await validateConsentIdToken(result.idToken, { nonce: attempt.nonce }, config);
  } catch (error) {
    const reason = error instanceof IdTokenValidationError ? error.reason : "unknown";
    return fail({ kind: "failed", code: FAILURE_ID_TOKEN }, FAILURE_ID_TOKEN, { reason });
  }
  const check = checkConsentingAccount(invitedAddress, account);
  if (!check.ok) {
    return fail({ kind: "wrong_account", signedInAs: check.signedInAs, invitedAddress }, FAILURE_WRONG_ACCOUNT, {
      signedInAs: check.signedInAs,
      unverifiedAddressClaim: check.unverifiedAddressClaim,
      tenantId: account.tenantId,
      objectId: account.objectId,
    });
  }

  // An invitation Microsoft created a guest for: the consenting account must be that guest's.
  const guestObjectId = attempt.invitation.graphUserId;
  if (guestObjectId) {
    const proof = await proveRedeemer({
      client,
      account: result.account,
      consentingObjectId: account.objectId,
      guestObjectId,
      resourceTenantId: getEnv().AZURE_TENANT_ID,
      config,
    });
    if (proof.kind === "unproven")
      return fail({ kind: "failed", code: FAILURE_REDEEMER_UNPROVEN }, FAILURE_REDEEMER_UNPROVEN, {
        cause: proof.code,
      });
    if (proof.kind !== "redeemer") {
      // Not a guest here at all while the invitation is still unredeemed: the person has not accepted it yet.
      const redeemed =
        attempt.invitation.externalUserState === "Accepted" ||
        !["PendingAcceptance", "Queued", "Sending", "Failed"].includes(attempt.invitation.status);
      const redemption: NotRedeemerReason =
        proof.kind === "other_guest" || redeemed ? "redeemed_by_other" : "not_redeemed";
      return fail(
        { kind: "not_redeemer", reason: redemption, signedInAs: account.username, invitedAddress },
        FAILURE_NOT_REDEEMER,
        {
          signedInAs: account.username,
          redemption,
          tenantId: account.tenantId,
          objectId: account.objectId,
          guestObjectId,
          ...(proof.kind === "other_guest" ? { signedInGuestObjectId: proof.guestObjectId } : {}),
        },
      );
    }
  }

  const stored = await recordConsentSuccess({
    attemptId: attempt.id,
    invitationId: attempt.invitationId,
    consentRequestId: attempt.consentRequestId,
    account,
    homeAccountId: result.account.homeAccountId,
    scopes: result.scopes,
    serializedCache: cache.takeSerialized(),
    accessTokenExpiresAt: result.expiresOn ?? null,
  });
  if (!stored.ok && "conflict" in stored) {
    const { conflict, grantId } = stored;
    return fail(
      { kind: "account_conflict", reason: conflict, signedInAs: account.username, invitedAddress },
      FAILURE_ACCOUNT_CONFLICT,
      {
        signedInAs: account.username,
        conflict,
        tenantId: account.tenantId,
        objectId: account.objectId,
        grantId,
      },
    );
  }
  if (!stored.ok) return { kind: "failed", code: stored.code };
  return { kind: "consented", account: account.username };
}
