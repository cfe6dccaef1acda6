import "server-only";
/**
 * Turns an uploaded CSV file's bytes into text, or a message that tells staff how to re-save it.
 * Excel offers both "CSV (Comma delimited)" (Windows-1252) and "CSV UTF-8"; guessing a legacy
 * code page would silently garble names, so anything that is not valid UTF-8 is refused with
 * instructions instead.
 */
import { CSV_MAX_BYTES, csvTooLargeMessage } from "@/lib/shared/csv-limits";

export { CSV_MAX_BYTES } from "@/lib/shared/csv-limits";

export type DecodedCsv = { ok: true; text: string } | { ok: false; error: string };

const RESAVE = 'Save it again as "CSV UTF-8 (Comma delimited)" (Excel: File → Save As) and upload that file.';

// A CSV never holds NUL; PostgreSQL cannot store it either, so a row keeping it would fail the upload.
const NUL_IN_FILE = `The file contains NUL characters, which a CSV never has: it is probably a binary file or UTF-16 text. ${RESAVE}`;

export function decodeCsvBytes(input: Uint8Array | ArrayBuffer | string): DecodedCsv {
  if (typeof input === "string") {
    const tooLarge =
      input.length > CSV_MAX_BYTES ? csvTooLargeMessage(new TextEncoder().encode(input).byteLength) : null;
    if (tooLarge) return { ok: false, error: tooLarge };
    if (input.includes("\u0000")) return { ok: false, error: NUL_IN_FILE };
    return { ok: true, text: input.replace(/^\uFEFF/, "") };
  }
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  const tooLarge = csvTooLargeMessage(bytes.byteLength);
  if (tooLarge) return { ok: false, error: tooLarge };
  if (bytes.byteLength === 0) return { ok: false, error: "The file is empty." };
  const b0 = bytes[0];
  const b1 = bytes[1];
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff))
    return { ok: false, error: `The file is saved as UTF-16 ("Unicode Text"), not as a UTF-8 CSV. ${RESAVE}` };
  // UTF-16 without a byte order mark shows up as NUL bytes between ASCII letters.
  const sample = bytes.subarray(0, Math.min(bytes.byteLength, 4096));
  if (sample.filter((b) => b === 0).length > sample.byteLength / 4)
    return {
      ok: false,
      error: `The file looks like UTF-16 text or a binary file (for example .xlsx), not a CSV. ${RESAVE}`,
    };
  if (b0 === 0x50 && b1 === 0x4b)
    return { ok: false, error: `This is an Excel workbook (.xlsx), not a CSV. ${RESAVE}` };
  try {
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
    if (text.includes("\u0000")) return { ok: false, error: NUL_IN_FILE };
    return { ok: true, text };
  } catch {
    const line = lineOfFirstInvalidByte(bytes);
    return {
      ok: false,
      error: `The file is not UTF-8 text (first unreadable character on line ${line}; it was probably saved as "CSV (Comma delimited)" in a legacy encoding). ${RESAVE}`,
    };
  }
}

function lineOfFirstInvalidByte(bytes: Uint8Array): number {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.byteLength; i++) {
    if (i === bytes.byteLength || bytes[i] === 0x0a) {
      try {
        decoder.decode(bytes.subarray(start, i));
      } catch {
        return line;
      }
      line++;
      start = i + 1;
    }
  }
  return line;
}
