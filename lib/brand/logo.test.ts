import { describe, expect, it } from "vitest";
import { LOGO_MAX_BYTES } from "@/lib/shared/brand";
import { checkLogo, sniffLogoType } from "./logo";

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]);
const WEBP = new Uint8Array([...new TextEncoder().encode("RIFF"), 0, 0, 0, 0, ...new TextEncoder().encode("WEBPVP8 ")]);

describe("checkLogo", () => {
  it("knows PNG, JPEG and WebP by their bytes", () => {
    expect([PNG, JPEG, WEBP].map(sniffLogoType)).toEqual(["image/png", "image/jpeg", "image/webp"]);
  });

  it("refuses SVG, HTML, an empty file and one over the limit, in words", () => {
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    expect(checkLogo(svg)).toEqual({ ok: false, message: expect.stringMatching(/PNG, JPEG or WebP.*SVG/) });
    expect(checkLogo(new TextEncoder().encode("<html>"))).toMatchObject({ ok: false });
    expect(checkLogo(new Uint8Array())).toEqual({ ok: false, message: "The file is empty." });
    const big = new Uint8Array(LOGO_MAX_BYTES + 1);
    big.set(PNG);
    expect(checkLogo(big)).toEqual({ ok: false, message: expect.stringMatching(/limit is 100 kB/) });
    const atLimit = new Uint8Array(LOGO_MAX_BYTES);
    atLimit.set(PNG);
    expect(checkLogo(atLimit)).toMatchObject({ ok: true, type: "image/png" });
  });
});
