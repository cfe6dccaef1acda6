// The body of POST /invitations, checked the way Graph checks it, before anything is created.
import { GraphHttpError } from "../errors";

export interface InvitationRequest {
  invitedUserEmailAddress: string;
  inviteRedirectUrl: string;
  invitedUserDisplayName: string | null;
  invitedUserType: "Guest" | "Member";
  sendInvitationMessage: boolean;
  resetRedemption: boolean;
  invitedUserMessageInfo: {
    customizedMessageBody: string | null;
    messageLanguage: string | null;
    ccRecipients: { emailAddress: { name: string | null; address: string | null } }[];
  };
}

/**
 * Characters Graph's invitation manager refuses in an address (its documentation lists them; the
 * seed ran into ~ ! $). Letters, digits, '.', '_', '-' and the apostrophe pass.
 */
export const REJECTED_ADDRESS_CHARACTERS = '~!#$%^&*()+=[]{}\\|;:"<>?,/ ';

export function isAcceptableInvitationAddress(address: string): boolean {
  if ([...address].some((char) => REJECTED_ADDRESS_CHARACTERS.includes(char))) return false;
  const parts = address.split("@");
  if (parts.length !== 2) return false;
  const [local, domain] = parts as [string, string];
  return (
    local.length > 0 &&
    /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/.test(domain) &&
    !local.startsWith(".") &&
    !local.endsWith(".")
  );
}

function badRequest(message: string): GraphHttpError {
  return new GraphHttpError(400, "BadRequest", message);
}

const optionalString = (value: unknown, property: string): string | null => {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") throw badRequest(`Invalid value for property '${property}': a string is expected.`);
  return value;
};

const optionalBoolean = (value: unknown, property: string): boolean => {
  if (value === undefined || value === null) return false;
  if (typeof value !== "boolean") throw badRequest(`Invalid value for property '${property}': a Boolean is expected.`);
  return value;
};

export function parseInvitationRequest(body: unknown): InvitationRequest {
  if (!body || typeof body !== "object" || Array.isArray(body)) {
    throw badRequest("Empty Payload. JSON content expected.");
  }
  const input = body as Record<string, unknown>;
  const address = optionalString(input.invitedUserEmailAddress, "invitedUserEmailAddress");
  if (!address) throw badRequest("Required property 'invitedUserEmailAddress' is missing or empty.");
  const redirect = optionalString(input.inviteRedirectUrl, "inviteRedirectUrl");
  if (!redirect) throw badRequest("Required property 'inviteRedirectUrl' is missing or empty.");
  if (!URL.canParse(redirect)) throw badRequest("The inviteRedirectUrl is not a valid absolute URL.");
  if (!isAcceptableInvitationAddress(address.trim())) {
    throw badRequest("The Primary SMTP Address is an invalid value.");
  }
  const type = optionalString(input.invitedUserType, "invitedUserType") ?? "Guest";
  const invitedUserType = type.toLowerCase() === "member" ? "Member" : type.toLowerCase() === "guest" ? "Guest" : null;
  if (!invitedUserType)
    throw badRequest(`Invalid value '${type}' for invitedUserType. Possible values: Guest, Member.`);

  const info = (input.invitedUserMessageInfo ?? {}) as Record<string, unknown>;
  if (typeof info !== "object" || Array.isArray(info))
    throw badRequest("Invalid value for property 'invitedUserMessageInfo'.");
  const ccInput = info.ccRecipients ?? [];
  if (!Array.isArray(ccInput)) throw badRequest("Invalid value for property 'ccRecipients'.");
  const ccRecipients = ccInput.map((recipient: unknown) => {
    const emailAddress = (recipient as { emailAddress?: { name?: unknown; address?: unknown } } | null)?.emailAddress;
    const ccAddress = optionalString(emailAddress?.address, "ccRecipients.emailAddress.address");
    if (ccAddress !== null && !isAcceptableInvitationAddress(ccAddress))
      throw badRequest("The Primary SMTP Address is an invalid value.");
    return {
      emailAddress: { name: optionalString(emailAddress?.name, "ccRecipients.emailAddress.name"), address: ccAddress },
    };
  });
  // Graph sends invitation mail to at most one cc recipient.
  if (ccRecipients.length > 1) throw badRequest("Currently only one cc recipient is supported.");

  return {
    invitedUserEmailAddress: address.trim(),
    inviteRedirectUrl: redirect,
    invitedUserDisplayName: optionalString(input.invitedUserDisplayName, "invitedUserDisplayName"),
    invitedUserType,
    sendInvitationMessage: optionalBoolean(input.sendInvitationMessage, "sendInvitationMessage"),
    resetRedemption: optionalBoolean(input.resetRedemption, "resetRedemption"),
    invitedUserMessageInfo: {
      customizedMessageBody: optionalString(info.customizedMessageBody, "customizedMessageBody"),
      messageLanguage: optionalString(info.messageLanguage, "messageLanguage"),
      ccRecipients: ccRecipients.length > 0 ? ccRecipients : [{ emailAddress: { name: null, address: null } }],
    },
  };
}
