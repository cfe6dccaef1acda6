import { describe, expect, it } from "vitest";
import { chooseInviteeLocale, localeFromAcceptLanguage, supportedLocale } from "./locales";

describe("supportedLocale", () => {
  it("maps English and Simplified Chinese tags, not Traditional Chinese or other languages", () => {
    expect(["en", "en-US", "EN_gb"].map(supportedLocale)).toEqual(["en", "en", "en"]);
    expect(["zh", "zh-CN", "zh-Hans", "zh-Hans-CN", "zh-SG", "zh_cn"].map(supportedLocale)).toEqual(
      Array(6).fill("zh-CN"),
    );
    expect(["zh-TW", "zh-Hant", "zh-HK", "fr-FR", "", null, undefined].map(supportedLocale)).toEqual(
      Array(7).fill(null),
    );
  });
});

describe("localeFromAcceptLanguage", () => {
  it("takes the most preferred supported language by q-value", () => {
    expect(localeFromAcceptLanguage("fr-FR,fr;q=0.9,zh-CN;q=0.8,en;q=0.7")).toBe("zh-CN");
    expect(localeFromAcceptLanguage("en;q=0.3, zh-Hans;q=0.6")).toBe("zh-CN");
    expect(localeFromAcceptLanguage("zh-TW,zh;q=0.9")).toBe("zh-CN");
    expect(localeFromAcceptLanguage("zh-CN;q=0, en")).toBe("en");
    expect(localeFromAcceptLanguage("de-DE, fr")).toBeNull();
    expect(localeFromAcceptLanguage("*")).toBeNull();
  });
});

describe("chooseInviteeLocale", () => {
  it("prefers the switcher's choice, then the invitation's language, then Accept-Language, then English", () => {
    expect(chooseInviteeLocale({ picked: "en", invitation: "zh-CN", acceptLanguage: "zh-CN" })).toBe("en");
    expect(chooseInviteeLocale({ picked: "xx", invitation: "zh-CN", acceptLanguage: "en" })).toBe("zh-CN");
    expect(chooseInviteeLocale({ invitation: "fr-FR", acceptLanguage: "zh-CN,en;q=0.5" })).toBe("zh-CN");
    expect(chooseInviteeLocale({ invitation: null, acceptLanguage: "de" })).toBe("en");
    expect(chooseInviteeLocale({})).toBe("en");
  });
});
