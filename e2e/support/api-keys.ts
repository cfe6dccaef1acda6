// API keys for the specs, stored the way Settings → API keys stores them, without the page.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { withDatabase } from "./stack";

export interface StoredApiKey {
  id: string;
  key: string;
}

const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

/** A key in the form the Settings page hands out (gpk_ + 12 base32 + _ + 43 base64url), stored as its SHA-256. */
export async function storedKey(
  name: string,
  scopes: string[],
  state: { revoked?: boolean; expired?: boolean } = {},
): Promise<StoredApiKey> {
  const prefix = `gpk_${Array.from(randomBytes(12), (byte) => BASE32[byte % 32]).join("")}`;
  const key = `${prefix}_${randomBytes(32).toString("base64url")}`;
  const id = randomUUID();
  await withDatabase((db) =>
    db.query(
      `INSERT INTO "ApiKey" (id, name, prefix, "secretHash", scopes, "expiresAt", "revokedAt") VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        id,
        name,
        prefix,
        createHash("sha256").update(key).digest("hex"),
        scopes,
        state.expired ? new Date(Date.now() - 60_000) : new Date(Date.now() + 86_400_000),
        state.revoked ? new Date() : null,
      ],
    ),
  );
  return { id, key };
}
