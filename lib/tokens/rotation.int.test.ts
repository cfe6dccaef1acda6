// Key rotation keeps every grant usable: before, during (both keys listed, refreshes running) and
// after (old key removed), against the emulator and a real PostgreSQL.
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { consentFully, freshFabrikamInvitee } from "@/lib/consent/flow.test-support";
import { startConsent } from "@/lib/consent/start";
import { prisma } from "@/lib/db/client";
import { parseTokenEncryptionKeys, resetEnvForTests } from "@/lib/env";
import { refreshGrant } from "@/lib/grants/refresh";
import { sendMailAs } from "@/lib/grants/send-mail";
import { runStaffAction } from "@/lib/actions/staff-action";
import { createWebhookEndpointAction } from "@/lib/webhooks/actions";
import { openSigningSecret } from "@/lib/webhooks/secrets";
import { adminSession } from "@/test/int-support";
import { createKeyring, TokenDecryptionError } from "./crypto";
import { rotateTokenKeys } from "./rotation";
import { openCodeVerifier, readGrantTokenCache } from "./vault";

const originalKey = process.env.TOKEN_ENCRYPTION_KEY!;
function useKeys(value: string) {
  process.env.TOKEN_ENCRYPTION_KEY = value;
  resetEnvForTests();
}
afterAll(() => useKeys(originalKey));

const mail = {
  subject: "after rotation",
  body: { contentType: "Text" as const, content: "still works" },
  toRecipients: ["someone@example.org"],
};

describe("npm run rotate-keys", () => {
  it("re-encrypts every grant under the new key without downtime; old key removable afterwards", async () => {
    const oldKeyId = parseTokenEncryptionKeys(originalKey)[0]!.id;
    const invitees = await Promise.all([
      freshFabrikamInvitee("rot-a"),
      freshFabrikamInvitee("rot-b"),
      freshFabrikamInvitee("rot-c"),
    ]);
    const grantIds: string[] = [];
    for (const invitee of invitees)
      grantIds.push(await consentFully({ invitationId: invitee.invitationId }, invitee.upn));
    const inFlight = await startConsent({ invitationId: (await freshFabrikamInvitee("rot-pending")).invitationId });
    // A grant under a key nobody lists any more must be reported, not stop the rotation of the others
    const lostInvitee = await freshFabrikamInvitee("rot-lost");
    const lostGrantId = await consentFully({ invitationId: lostInvitee.invitationId }, lostInvitee.upn);
    await prisma.grant.update({ where: { id: lostGrantId }, data: { tokenCacheKeyId: "removed-long-ago" } });

    const endpoint = await runStaffAction(createWebhookEndpointAction, await adminSession(), {
      url: "https://hooks.example.com/rotation",
      eventTypes: ["grant.erased"],
    });
    if (!endpoint.ok) throw new Error("endpoint not created");

    // 1) new key first, old key kept: everything still opens, new writes use the new key
    const both = `rot2:${randomBytes(32).toString("base64")},${originalKey}`;
    useKeys(both);
    for (const id of grantIds) expect(await readGrantTokenCache(id)).not.toBeNull();
    // 2) rotate while a refresher is working on the same grants
    const [summary, ...refreshed] = await Promise.all([
      rotateTokenKeys(createKeyring(parseTokenEncryptionKeys(both))),
      ...grantIds.map((id) => refreshGrant(id, { force: true })),
    ]);
    expect(refreshed).toEqual(["refreshed", "refreshed", "refreshed"]);
    expect(summary.remaining).toBe(0);
    expect(summary.unreadable.grantIds).toContain(lostGrantId);
    for (const id of grantIds) expect(summary.unreadable.grantIds).not.toContain(id);
    // Other test files share this database and leave rows no key opens; those are the "unreadable"
    // ones, reported above. Every readable row (remaining === 0) and all of ours moved to the new key.
    expect(await prisma.grant.count({ where: { id: { in: grantIds }, tokenCacheKeyId: oldKeyId } })).toBe(0);
    expect(await prisma.consentAttempt.count({ where: { id: inFlight.attemptId, encryptionKeyId: oldKeyId } })).toBe(0);

    // 3) old key removed: every grant refreshes and sends; the in-flight consent's verifier opens,
    // and the webhook endpoint's secret still opens (the same secret the administrator copied)
    useKeys(both.split(",")[0]!);
    const sealed = await prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.data.id } });
    expect(sealed.secretKeyId).toBe("rot2");
    expect(openSigningSecret(endpoint.data.id, { keyId: sealed.secretKeyId, ciphertext: sealed.secretCipher })).toBe(
      endpoint.data.secret,
    );
    await prisma.webhookEndpoint.delete({ where: { id: endpoint.data.id } });
    for (const id of grantIds) {
      expect(await refreshGrant(id, { force: true })).toBe("refreshed");
      await sendMailAs(id, mail);
    }
    const attempt = await prisma.consentAttempt.findUniqueOrThrow({ where: { id: inFlight.attemptId } });
    expect(openCodeVerifier(attempt)).toMatch(/^[A-Za-z0-9_-]{43}$/);

    // and a value under a key nobody has any more fails loudly, never silently
    const stray = grantIds[0]!;
    await prisma.grant.update({ where: { id: stray }, data: { tokenCacheKeyId: oldKeyId } });
    await expect(readGrantTokenCache(stray)).rejects.toBeInstanceOf(TokenDecryptionError);
    expect(await refreshGrant(stray, { force: true })).toBe("retry_later");
    expect(await prisma.grant.findUniqueOrThrow({ where: { id: stray } })).toMatchObject({
      status: "Active",
      failureCode: "vault_unknown_key",
    });
  });
});
