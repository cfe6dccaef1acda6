// Usage: npm run rotate-keys
// Re-encrypts every stored token cache and PKCE verifier under the first key of TOKEN_ENCRYPTION_KEY.
// Steps: 1) TOKEN_ENCRYPTION_KEY="new:<base64>,old:<base64>" everywhere and restart (reads accept both);
// 2) npm run rotate-keys; 3) when it reports 0 remaining, drop the old key and restart again.
import { createKeyring } from "@/lib/tokens/crypto";
import { rotateTokenKeys } from "@/lib/tokens/rotation";
import { disconnectPrisma } from "@/lib/db/client";
import { parseTokenEncryptionKeys } from "@/lib/env";

const source = process.env.TOKEN_ENCRYPTION_KEY;
if (!source) {
  console.error(
    "TOKEN_ENCRYPTION_KEY is not set. Put the new key first and keep the old ones after it: new:<base64>,old:<base64>",
  );
  process.exit(2);
}
let keys;
try {
  keys = parseTokenEncryptionKeys(source);
} catch (error) {
  console.error(`TOKEN_ENCRYPTION_KEY is invalid: ${(error as Error).message}`);
  process.exit(2);
}
const keyring = createKeyring(keys);
try {
  const summary = await rotateTokenKeys(keyring);
  console.log(
    `Sealed with key "${summary.currentKeyId}": ${summary.grantsResealed} grant(s) and ${summary.verifiersResealed} consent verifier(s) and ${summary.webhookSecretsResealed} webhook endpoint(s) re-encrypted; ${summary.remaining} still under an older key.`,
  );
  const { grantIds, consentAttemptIds } = summary.unreadable;
  if (grantIds.length + consentAttemptIds.length > 0) {
    console.warn(
      `${grantIds.length} grant(s) and ${consentAttemptIds.length} consent attempt(s) cannot be opened with any listed key (under a key already removed, or damaged); rotation cannot help them, those users must consent again. Grant ids: ${grantIds.join(", ") || "none"}`,
    );
  }
  if (summary.remaining === 0 && keys.length > 1)
    console.log(
      `Every value now uses "${summary.currentKeyId}": the other key(s) can be removed from TOKEN_ENCRYPTION_KEY.`,
    );
  process.exitCode = summary.remaining === 0 ? 0 : 1;
} finally {
  await disconnectPrisma();
}
