import "server-only";
// What a logo upload must be: an image by its own bytes (the browser's declared type and the file
// name are not trusted), of a type every mail client and browser shows, and small. SVG is refused:
// it can carry script.
import { LOGO_MAX_BYTES, type LogoType } from "@/lib/shared/brand";

export type LogoCheck = { ok: true; type: LogoType; bytes: Uint8Array } | { ok: false; message: string };

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  return signature.every((byte, index) => bytes[offset + index] === byte);
}

/** The image type the bytes are, by signature, or null. */
export function sniffLogoType(bytes: Uint8Array): LogoType | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8))
    return "image/webp";
  return null;
}

export function checkLogo(bytes: Uint8Array): LogoCheck {
  if (bytes.byteLength === 0) return { ok: false, message: "The file is empty." };
  if (bytes.byteLength > LOGO_MAX_BYTES)
    return {
      ok: false,
      message: `The logo is ${Math.ceil(bytes.byteLength / 1024)} kB; the limit is ${LOGO_MAX_BYTES / 1024} kB. Export it smaller (about 400 px wide is plenty).`,
    };
  const type = sniffLogoType(bytes);
  if (!type)
    return { ok: false, message: "Upload a PNG, JPEG or WebP image. Other files, SVG included, are not accepted." };
  return { ok: true, type, bytes };
}
