import { rename, writeFile } from "node:fs/promises";

/** Writes to a temporary file and renames it, so a concurrent reader never sees half a file. */
export async function writeFileAtomically(file: string, content: string, mode = 0o600): Promise<void> {
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temporary, content, { mode });
  await rename(temporary, file);
}
