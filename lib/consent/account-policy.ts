// Wrong-account policy: REJECT. The grant lets the product send mail as someone, so it must belong
// to the person who was invited. The consenting account must own the invited address — the ID
// token's preferred_username, email or upn, compared case-insensitively. Otherwise nothing is
// stored, the link is not spent, and the page tells the user which account to use. Accepting and
// flagging to staff was rejected: a mail sent "as alice@" from bob's mailbox is a silent impersonation.
import type { ConsentingAccount } from "./id-token";

export type AccountCheck = { ok: true } | { ok: false; signedInAs: string };

export function checkConsentingAccount(invitedAddress: string, account: ConsentingAccount): AccountCheck {
  const wanted = invitedAddress.trim().toLowerCase();
  return account.addresses.includes(wanted) ? { ok: true } : { ok: false, signedInAs: account.username };
}
