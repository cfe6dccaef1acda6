/**
 * Email address rules for invitations, explained in plain words.
 *
 * Graph's invitation resource documents the characters it refuses in invitedUserEmailAddress:
 * ~ ! # $ % ^ & * ( ) + = [ ] { } \ / | ; : " < > ? ,
 * with two exceptions: a period or hyphen anywhere in the user name except its first or last
 * character, and an underscore anywhere. Checking them here turns Graph's terse 400 into an
 * inline message that names the character, before anything is sent.
 * Pure (no Node-only imports) so the invite form can run the same checks in the browser.
 */
export type EmailCheck = { ok: true; email: string } | { ok: false; reason: string };

const FORBIDDEN_IN_INVITED_ADDRESS: ReadonlyMap<string, string> = new Map([
  ["~", "tilde"],
  ["!", "exclamation mark"],
  ["#", "number sign"],
  ["$", "dollar sign"],
  ["%", "percent sign"],
  ["^", "circumflex"],
  ["&", "ampersand"],
  ["*", "asterisk"],
  ["(", "parenthesis"],
  [")", "parenthesis"],
  ["+", "plus sign"],
  ["=", "equals sign"],
  ["[", "bracket"],
  ["]", "bracket"],
  ["{", "brace"],
  ["}", "brace"],
  ["\\", "backslash"],
  ["/", "slash"],
  ["|", "pipe"],
  [";", "semicolon"],
  [":", "colon"],
  ['"', "quotation mark"],
  ["<", "angle bracket"],
  [">", "angle bracket"],
  ["?", "question mark"],
  [",", "comma"],
]);

const MAX_ADDRESS_LENGTH = 254;
const MAX_LOCAL_LENGTH = 64;

function checkDomain(rawDomain: string): { ok: true; domain: string } | { ok: false; reason: string } {
  if (rawDomain === "") return { ok: false, reason: "The part after @ is missing (for example contoso.com)." };
  let domain: string;
  try {
    // Lower-cases the domain and turns an international domain into its punycode form.
    domain = new URL(`http://${rawDomain}`).hostname;
  } catch {
    return { ok: false, reason: `"${rawDomain}" is not a valid domain name.` };
  }
  if (domain !== rawDomain.toLowerCase() && !/[^\x00-\x7f]/.test(rawDomain))
    return { ok: false, reason: `"${rawDomain}" is not a valid domain name.` };
  const labels = domain.split(".");
  if (labels.length < 2)
    return { ok: false, reason: `The domain "${rawDomain}" needs a dot and an ending, such as contoso.com.` };
  for (const label of labels) {
    if (!/^[a-z0-9-]{1,63}$/.test(label) || label.startsWith("-") || label.endsWith("-"))
      return {
        ok: false,
        reason: `The domain "${rawDomain}" is not valid: each part between dots must be letters, digits or hyphens, not starting or ending with a hyphen.`,
      };
  }
  const tld = labels[labels.length - 1] ?? "";
  if (!/^([a-z]{2,63}|xn--[a-z0-9-]+)$/.test(tld))
    return {
      ok: false,
      reason: `The domain "${rawDomain}" does not end in a real top-level domain such as .com or .org.`,
    };
  return { ok: true, domain };
}

function splitAddress(raw: string): { local: string; domain: string } | { reason: string } {
  const email = raw.trim();
  if (email === "") return { reason: "Enter an email address." };
  if (/\s/.test(email)) return { reason: "The address contains a space. Remove it (an address has no spaces)." };
  const at = email.lastIndexOf("@");
  if (at < 0) return { reason: "The address needs an @, like name@contoso.com." };
  if (email.indexOf("@") !== at) return { reason: "The address contains more than one @." };
  return { local: email.slice(0, at), domain: email.slice(at + 1) };
}

/** Checks an address Graph will accept as invitedUserEmailAddress; normalises (trim, lower-case domain). */
export function checkInvitedEmail(raw: string): EmailCheck {
  const parts = splitAddress(raw);
  if ("reason" in parts) return { ok: false, reason: parts.reason };
  const { local } = parts;
  if (local === "") return { ok: false, reason: "The part before @ is missing." };
  for (const ch of local) {
    const name = FORBIDDEN_IN_INVITED_ADDRESS.get(ch);
    if (name === "plus sign")
      return {
        ok: false,
        reason:
          'Microsoft does not accept "+" in invited addresses (such as name+tag@…). Use the address without the "+…" part, or ask the person for their plain sign-in address.',
      };
    if (name)
      return {
        ok: false,
        reason: `Microsoft does not accept the ${name} "${ch}" in invited addresses. Ask the person for their exact sign-in address.`,
      };
    if (/[\x00-\x1f\x7f]/.test(ch))
      return { ok: false, reason: "The address contains an invisible control character. Retype it." };
    if (/[^\x00-\x7f]/.test(ch))
      return {
        ok: false,
        reason: `The part before @ contains "${ch}". Invited addresses must use plain letters, digits and . - _ ' before the @.`,
      };
  }
  if (/^[.-]|[.-]$/.test(local))
    return { ok: false, reason: "The part before @ cannot start or end with a period or a hyphen." };
  if (local.includes("..")) return { ok: false, reason: "The address contains two periods in a row." };
  if (local.length > MAX_LOCAL_LENGTH)
    return { ok: false, reason: `The part before @ is longer than ${MAX_LOCAL_LENGTH} characters.` };
  const domain = checkDomain(parts.domain);
  if (!domain.ok) return domain;
  const email = `${local}@${domain.domain}`;
  if (email.length > MAX_ADDRESS_LENGTH)
    return { ok: false, reason: `The address is longer than ${MAX_ADDRESS_LENGTH} characters.` };
  return { ok: true, email };
}

/** Checks an ordinary mail recipient (cc): less strict than invited addresses, "+" is fine. */
export function checkRecipientEmail(raw: string): EmailCheck {
  const parts = splitAddress(raw);
  if ("reason" in parts) return { ok: false, reason: parts.reason };
  const { local } = parts;
  if (
    local === "" ||
    local.length > MAX_LOCAL_LENGTH ||
    !/^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+$/.test(local) ||
    /^\.|\.$|\.\./.test(local)
  )
    return { ok: false, reason: `"${raw.trim()}" is not a valid email address.` };
  const domain = checkDomain(parts.domain);
  if (!domain.ok) return domain;
  return { ok: true, email: `${local}@${domain.domain}` };
}
