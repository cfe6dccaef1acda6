// Every language has every message of the reference (English), with the same placeholders and tags,
// and every message the pages look up by a computed key exists. A missing or extra key fails here.
import { describe, expect, it } from "vitest";
import { identityErrors } from "@/lib/errors/catalogue-identity";
import { oauthErrors } from "@/lib/errors/catalogue-oauth";
import { LOCALES } from "@/lib/shared/locales";
import { MESSAGES } from "./messages";

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(path, value);
    else for (const [inner, text] of flatten(value, path)) out.set(inner, text);
  }
  return out;
}

/** The ICU arguments ({email}, {domain, select, …}) and rich-text tags (<strong>) of a message. */
function slots(message: string): string[] {
  const argumentsUsed = [...message.matchAll(/\{\s*([A-Za-z_][\w]*)\s*[,}]/g)].map((match) => `{${match[1]}}`);
  const tags = [...message.matchAll(/<\/?([a-z]+)>/g)].map((match) => `<${match[1]}>`);
  return [...new Set([...argumentsUsed, ...tags])].sort();
}

const reference = flatten(MESSAGES.en as unknown as Tree);

describe("the invited person's message files", () => {
  for (const locale of LOCALES.filter((l) => l !== "en")) {
    it(`${locale} has exactly English's keys, each non-empty`, () => {
      const messages = flatten(MESSAGES[locale] as unknown as Tree);
      const missing = [...reference.keys()].filter((key) => !messages.has(key));
      const extra = [...messages.keys()].filter((key) => !reference.has(key));
      expect({ missing, extra }).toEqual({ missing: [], extra: [] });
      expect([...messages].filter(([, text]) => text.trim() === "").map(([key]) => key)).toEqual([]);
    });

    it(`${locale} uses the same placeholders and tags as English`, () => {
      const messages = flatten(MESSAGES[locale] as unknown as Tree);
      const differing = [...reference]
        .filter(([key, text]) => messages.has(key) && slots(messages.get(key)!).join() !== slots(text).join())
        .map(([key]) => key);
      expect(differing).toEqual([]);
    });
  }

  it("has the invited person's wording for every catalogue entry that has one, in every language", () => {
    const keys = [...identityErrors, ...oauthErrors]
      .filter((entry) => entry.invitedUserMessage)
      .map((entry) => entry.key);
    expect(keys.length).toBeGreaterThan(10);
    for (const locale of LOCALES) {
      expect(
        keys.filter((key) => !(key in MESSAGES[locale].microsoftErrors)),
        locale,
      ).toEqual([]);
    }
  });

  it("catches a key missing from one language (the check itself can fail)", () => {
    const broken = structuredClone(MESSAGES["zh-CN"]) as unknown as Tree;
    delete (broken.entry as Tree).unknown;
    const messages = flatten(broken);
    expect([...reference.keys()].filter((key) => !messages.has(key))).toEqual([
      "entry.unknown.title",
      "entry.unknown.body",
    ]);
  });
});
