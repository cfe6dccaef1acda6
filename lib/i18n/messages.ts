import "server-only";
// The invited person's texts: one message file per language (messages/*.json, ICU syntax), read
// through use-intl. English is the reference: every other file must have the same keys with the
// same placeholders (messages/messages.test.ts).
import { createTranslator } from "use-intl/core";
import type { Locale } from "@/lib/shared/locales";
import en from "@/messages/en.json";
import zhCN from "@/messages/zh-CN.json";

export type InviteeMessages = typeof en;
export type InviteeNamespace = keyof InviteeMessages;

export const MESSAGES: Record<Locale, InviteeMessages> = { en, "zh-CN": zhCN };

/** A translator for one namespace of the invited person's texts, in `locale`. */
export function inviteeTranslator<N extends InviteeNamespace>(locale: Locale, namespace: N) {
  return createTranslator({ locale, messages: MESSAGES[locale], namespace });
}
