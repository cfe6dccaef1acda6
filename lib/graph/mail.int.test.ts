import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "@/emulator/server";
import { DEMO_USERS } from "@/emulator/state/default-scenario";
import { startTestEmulator } from "@/emulator/test-support";
import { delegatedToken } from "@/emulator/graph/test-clients";
import { GraphRequestError } from "./errors";
import { sendMailAs, type MailMessage } from "./mail";

// sendMailAs with delegated tokens against an in-process emulator (its token service mints the
// user tokens a completed consent would yield, so this file tests the mail primitive alone).
let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(async () => {
  await emulator?.close();
});

const message: MailMessage = {
  subject: "Guestpass test mail",
  body: { contentType: "Text", content: "Sent by the lib/graph integration test." },
  toRecipients: ["someone@example.org"],
};

async function tokenFor(userId: string, issuingTenantId?: string): Promise<string> {
  const user = emulator.state.getUser(userId);
  if (!user) throw new Error(`missing demo user ${userId}`);
  return delegatedToken(emulator, user, ["Mail.Send", "User.Read"], issuingTenantId);
}

describe("sendMailAs", () => {
  it("sends as a user whose token comes from their own tenant (the common authority)", async () => {
    await sendMailAs(await tokenFor(DEMO_USERS.alice.id), message, { client: { baseUrl: emulator.graphBaseUrl } });
    const sent = emulator.state.sentMail.filter((m) => JSON.stringify(m).includes("Guestpass test mail"));
    expect(sent.length).toBeGreaterThan(0);
  });

  it("explains MailboxNotEnabledForRESTAPI for an on-premises mailbox with the authority fix", async () => {
    const error = await sendMailAs(await tokenFor(DEMO_USERS.tom.id), message, {
      client: { baseUrl: emulator.graphBaseUrl },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphRequestError);
    expect((error as GraphRequestError).code).toBe("MailboxNotEnabledForRESTAPI");
    expect((error as GraphRequestError).explained.fix.join(" ")).toMatch(/CONSENT_AUTHORITY/);
  });

  it("refuses an invalid recipient with ErrorInvalidRecipients", async () => {
    const error = await sendMailAs(
      await tokenFor(DEMO_USERS.alice.id),
      { ...message, toRecipients: ["not an address"] },
      {
        client: { baseUrl: emulator.graphBaseUrl },
      },
    ).catch((e: unknown) => e);
    expect((error as GraphRequestError).explained.catalogueKey).toBe("ErrorInvalidRecipients");
  });
});
