import { z } from "zod";
import { checkInvitedEmail, checkRecipientEmail } from "@/lib/shared/email-validation";
import { INVITATION_MAIL_MODES } from "@/lib/shared/invitation-mail";

export { checkInvitedEmail, checkRecipientEmail, type EmailCheck } from "@/lib/shared/email-validation";

/**
 * What staff type into the invite form (or a CSV row), checked and normalised before Guestpass
 * talks to Graph. Every message is written for the person filling the form and keyed by field,
 * so the form can show it beside the field. Pure: runs on the server, in the worker and in the
 * browser alike.
 */
export const DISPLAY_NAME_MAX = 256; // Entra's limit for displayName
// Graph documents no limit for customizedMessageBody; the Azure portal's own invite form stops
// at a few hundred words. 2,000 characters keeps the mail readable and well inside Graph's limits.
export const CUSTOM_MESSAGE_MAX = 2000;
// invitedUserMessageInfo.ccRecipients: "Currently only one additional recipient is supported."
export const CC_RECIPIENTS_MAX = 1;

export const INVITATION_FIELDS = [
  "email",
  "displayName",
  "userType",
  "sendInvitationMessage",
  "customMessage",
  "ccRecipients",
  "messageLanguage",
  "mailMode",
] as const;
export type InvitationField = (typeof INVITATION_FIELDS)[number];

/**
 * FormData (or a plain object) → what validateInvitationInput reads: the form's fields as strings.
 * An absent checkbox means "no". Used by the server action and by the form's own inline checks.
 */
export function invitationFormValues(raw: unknown): Record<string, unknown> {
  if (!(raw instanceof FormData)) return (raw ?? {}) as Record<string, unknown>;
  const values: Record<string, string | undefined> = {};
  for (const field of INVITATION_FIELDS) {
    const value = raw.get(field);
    values[field] = typeof value === "string" ? value : undefined;
  }
  return { ...values, email: values.email ?? "", sendInvitationMessage: values.sendInvitationMessage ?? "false" };
}

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

const invitedEmail = z.string({ error: "Enter an email address." }).transform((raw, ctx) => {
  const check = checkInvitedEmail(raw);
  if (check.ok) return check.email;
  ctx.addIssue({ code: "custom", message: check.reason });
  return z.NEVER;
});

const displayName = z.preprocess(
  blankToUndefined,
  z
    .string()
    .transform((s) => s.trim().replace(/\s+/g, " "))
    .refine((s) => s.length <= DISPLAY_NAME_MAX, `Keep the display name under ${DISPLAY_NAME_MAX} characters.`)
    .refine((s) => !/[\x00-\x1f\x7f]/.test(s), "The display name contains an invisible control character.")
    .optional(),
);

const userType = z.preprocess(
  (v) =>
    typeof v === "string"
      ? v.trim().toLowerCase() === "member"
        ? "Member"
        : v.trim().toLowerCase() === "guest"
          ? "Guest"
          : v.trim() === ""
            ? undefined
            : v
      : v,
  z.enum(["Guest", "Member"], { error: 'Choose "Guest" or "Member".' }).default("Guest"),
);

const TRUE_WORDS = new Set(["true", "yes", "y", "1", "on"]);
const FALSE_WORDS = new Set(["false", "no", "n", "0", "off"]);
/** Accepts form/CSV spellings of a yes/no choice; blank means the default. */
export const yesNo = (defaultValue: boolean) =>
  z.preprocess(
    (v) => {
      if (typeof v !== "string") return v;
      const w = v.trim().toLowerCase();
      if (w === "") return undefined;
      return TRUE_WORDS.has(w) ? true : FALSE_WORDS.has(w) ? false : v;
    },
    z.boolean({ error: "Use yes or no (or true/false)." }).default(defaultValue),
  );

const customMessage = z.preprocess(
  blankToUndefined,
  z
    .string()
    .transform((s) => s.trim())
    .refine(
      (s) => s.length <= CUSTOM_MESSAGE_MAX,
      `Keep the message under ${CUSTOM_MESSAGE_MAX} characters (Microsoft's mail shows it as plain text).`,
    )
    .refine(
      (s) => !/<\/?[a-z][a-z0-9]*(\s[^<>]*)?\/?>/i.test(s),
      "Write the message as plain text: Microsoft shows HTML tags literally.",
    )
    .optional(),
);

const ccRecipients = z.preprocess(
  (v) => {
    if (v === undefined || v === null) return [];
    if (typeof v === "string")
      return v
        .split(/[;,]/)
        .map((s) => s.trim())
        .filter(Boolean);
    return v;
  },
  z
    .array(z.string())
    .max(CC_RECIPIENTS_MAX, "Microsoft sends the invitation to at most one extra (cc) recipient. Keep one address.")
    .transform((list, ctx) => {
      const out: string[] = [];
      for (const raw of list) {
        const check = checkRecipientEmail(raw);
        if (check.ok) out.push(check.email);
        else ctx.addIssue({ code: "custom", message: `Cc: ${check.reason}` });
      }
      return out;
    }),
);

const messageLanguage = z.preprocess(
  blankToUndefined,
  z
    .string()
    .transform((s, ctx) => {
      const code = s.trim().replace(/_/g, "-");
      if (/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(code)) {
        try {
          const [canonical] = Intl.getCanonicalLocales(code);
          if (canonical) return canonical;
        } catch {
          /* fall through to the message below */
        }
      }
      ctx.addIssue({
        code: "custom",
        message: `"${s.trim()}" is not a language code. Use a code such as en-US, fr-FR or de.`,
      });
      return z.NEVER;
    })
    .optional(),
);

/** Who mails it (Microsoft or Guestpass); absent: the deployment's choice (Settings → Invitation mail). */
const mailMode = z.preprocess(
  (v) => (typeof v === "string" ? (v.trim() === "" ? undefined : v.trim().toLowerCase()) : v),
  z.enum(INVITATION_MAIL_MODES, { error: 'Choose "microsoft" or "guestpass" for who sends the mail.' }).optional(),
);

export const invitationInputSchema = z
  .object({
    email: invitedEmail,
    displayName,
    userType,
    sendInvitationMessage: yesNo(true),
    customMessage,
    ccRecipients,
    messageLanguage,
    mailMode,
  })
  .superRefine((value, ctx) => {
    if (value.ccRecipients.includes(value.email))
      ctx.addIssue({
        code: "custom",
        path: ["ccRecipients"],
        message: "The cc address is the invited address itself; leave cc empty.",
      });
  });

/**
 * Connecting a person by consent link alone: no guest account, so only who they are and the
 * language of their consent page (kept as the invitation's messageLanguage).
 */
export const CONNECTION_FIELDS = ["email", "displayName", "messageLanguage"] as const;
export const connectionInputSchema = z.object({ email: invitedEmail, displayName, messageLanguage });
export type ConnectionInput = z.output<typeof connectionInputSchema>;

/** The checked, normalised invitation request. */
export type InvitationInput = z.output<typeof invitationInputSchema>;
/** What a form or a CSV row may hand in (strings allowed where the UI has text). */
export type InvitationFormInput = z.input<typeof invitationInputSchema>;

export type FieldErrors = Partial<Record<InvitationField, string[]>>;

export type InvitationValidation =
  { ok: true; value: InvitationInput } | { ok: false; fieldErrors: FieldErrors; formErrors: string[] };

/** Validates one invitation; messages keyed by field for inline display. */
export function validateInvitationInput(raw: unknown): InvitationValidation {
  return validateFields(invitationInputSchema, INVITATION_FIELDS, raw, "The invitation is not valid.");
}

/** Validates the connect-by-link form (FormData or an object); messages keyed by field. */
export function validateConnectionInput(
  raw: unknown,
): { ok: true; value: ConnectionInput } | { ok: false; fieldErrors: FieldErrors; formErrors: string[] } {
  const values =
    raw instanceof FormData
      ? Object.fromEntries(CONNECTION_FIELDS.map((field) => [field, raw.get(field) ?? undefined]))
      : ((raw ?? {}) as Record<string, unknown>);
  return validateFields(connectionInputSchema, CONNECTION_FIELDS, values, "The details are not valid.");
}

function validateFields<T>(
  schema: z.ZodType<T>,
  fields: readonly InvitationField[],
  raw: unknown,
  fallback: string,
): { ok: true; value: T } | { ok: false; fieldErrors: FieldErrors; formErrors: string[] } {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  const flat = z.flattenError(parsed.error);
  const fieldErrors: FieldErrors = {};
  for (const field of fields) {
    const messages = (flat.fieldErrors as Record<string, string[] | undefined>)[field];
    if (messages && messages.length > 0) fieldErrors[field] = messages;
  }
  const formErrors = [...flat.formErrors];
  if (formErrors.length === 0 && Object.keys(fieldErrors).length === 0) formErrors.push(fallback);
  return { ok: false, fieldErrors, formErrors };
}
