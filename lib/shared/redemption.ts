// Whether the account a guest redeemed with can grant mailbox access at all. Graph's user.identities
// name it (objectIdentity: signInType "federated", issuer …): a work or school account
// (ExternalAzureAD) or a personal Microsoft account (MicrosoftAccount) has a Microsoft mailbox it can
// let an app send from. An email one-time passcode (issuer "mail") has no account behind it at all,
// and an account of Google or another identity provider (its domain) has no Microsoft mailbox:
// consent cannot succeed, so the person is told before trying and staff before sending.

export type MailboxBlocker = "one_time_passcode" | "other_identity_provider";

const MICROSOFT_ACCOUNTS = new Set(["externalazuread", "microsoftaccount"]);

/** The federated identity a guest redeemed with, from Graph's `identities`. */
export function redemptionIssuer(
  identities: readonly { signInType?: string | null; issuer?: string | null }[] | undefined,
): string | null {
  return identities?.find((identity) => identity.signInType === "federated" && identity.issuer)?.issuer ?? null;
}

export function mailboxBlocker(redeemedWith: string | null | undefined): MailboxBlocker | null {
  if (!redeemedWith) return null;
  const issuer = redeemedWith.toLowerCase();
  if (MICROSOFT_ACCOUNTS.has(issuer)) return null;
  return issuer === "mail" ? "one_time_passcode" : "other_identity_provider";
}
