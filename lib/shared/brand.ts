// The company's brand as the invited person sees it, and the rules for what an admin may set.
// Client-safe: the Settings form checks the same limits before uploading.
import { z } from "zod";

/** A logo is shown about 40 px high; 100 kB is plenty and keeps every page that inlines it light. */
export const LOGO_MAX_BYTES = 100 * 1024;
export const LOGO_TYPES = ["image/png", "image/jpeg", "image/webp"] as const;
export type LogoType = (typeof LOGO_TYPES)[number];

export const BRAND_FALLBACK_NAME = "Guestpass";

export interface BrandView {
  /** The company's name, or "Guestpass" when none is set. */
  name: string;
  /** Whether an admin set the name (false: the Guestpass fallback). */
  configured: boolean;
  supportEmail: string | null;
  supportUrl: string | null;
  /** A data: URL of the uploaded logo, or null. */
  logoDataUrl: string | null;
}

const optionalText = (max: number, message: string) =>
  z
    .string()
    .trim()
    .max(max, message)
    .transform((value) => (value === "" ? null : value));

export const brandTextSchema = z.object({
  companyName: optionalText(80, "Keep the company name under 80 characters."),
  supportEmail: optionalText(254, "Enter an email address.").refine(
    (value) => value === null || z.email().safeParse(value).success,
    "Enter an email address, like help@contoso.com.",
  ),
  supportUrl: optionalText(300, "Keep the address under 300 characters.").refine(
    (value) => value === null || (/^https:\/\//i.test(value) && URL.canParse(value)),
    "Enter a web address that starts with https://.",
  ),
});

export type BrandText = z.output<typeof brandTextSchema>;

export interface BrandSaved {
  name: string;
  logo: "kept" | "replaced" | "removed" | "none";
}
