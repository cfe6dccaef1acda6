import "server-only";
// Wrong-account policy: REJECT. The grant lets the product send mail as someone, so it must belong
// to the person who was invited. The consenting account must own the invited address — an address
// claim Microsoft vouches for (vouchedAddresses: a work account's UPN, a verified `email`), compared
// case-insensitively. Otherwise nothing is stored, the link is not spent, and the page tells the user
// which account to use. Accepting and flagging to staff was rejected: a mail sent "as alice@" from
// bob's mailbox is a silent impersonation.
import type { ConsentingAccount } from "./id-token";

export type AccountCheck =
  | { ok: true }
  /** `unverifiedAddressClaim`: the invited address was in a claim Microsoft does not vouch for — the mark of a takeover attempt. */
  | { ok: false; signedInAs: string; unverifiedAddressClaim: boolean };

export function checkConsentingAccount(invitedAddress: string, account: ConsentingAccount): AccountCheck {
  const wanted = invitedAddress.trim().toLowerCase();
  if (account.addresses.includes(wanted)) return { ok: true };
  return {
    ok: false,
    signedInAs: account.username,
    unverifiedAddressClaim: account.unverifiedAddresses.includes(wanted),
  };
}
