// One invitation's consent starts, whoever sends them: the invitation's bucket and the cap on its
// live attempts bound the rows a flood can write (e2e/security-rate-limit.spec.ts floods the route).
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { createInvitation, uniqueFabrikamUpn } from "./flow.test-support";
import { startConsent } from "./start";
import { ConsentStartLimitedError, MAX_LIVE_CONSENT_ATTEMPTS } from "./start-limits";

async function refusal(promise: Promise<unknown>): Promise<ConsentStartLimitedError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConsentStartLimitedError);
  return error as ConsentStartLimitedError;
}

describe("consent start limits", () => {
  it("writes at most the invitation's burst of attempts from 30 concurrent starts", async () => {
    const invitation = await createInvitation(uniqueFabrikamUpn("limit"));
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, () => startConsent({ invitationId: invitation.id })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(10);
    expect(results.filter((r) => r.status === "rejected" && r.reason instanceof ConsentStartLimitedError)).toHaveLength(
      20,
    );
    expect(await prisma.consentAttempt.count({ where: { invitationId: invitation.id } })).toBe(10);
  });

  it("refuses beyond the live attempts until one is used or expires, saying when", async () => {
    const invitation = await createInvitation(uniqueFabrikamUpn("live"));
    for (let i = 0; i < MAX_LIVE_CONSENT_ATTEMPTS; i++) await startConsent({ invitationId: invitation.id });
    // a full bucket again (as after five quiet minutes): the cap alone now decides
    await prisma.rateLimitBucket.delete({ where: { key: `consent:start:${invitation.id}` } });
    const refused = await refusal(startConsent({ invitationId: invitation.id }));
    expect(refused.retryAfterSeconds).toBeGreaterThan(14 * 60);
    const oldest = await prisma.consentAttempt.findFirstOrThrow({
      where: { invitationId: invitation.id },
      orderBy: { createdAt: "asc" },
    });
    await prisma.consentAttempt.update({ where: { id: oldest.id }, data: { usedAt: new Date() } });
    await expect(startConsent({ invitationId: invitation.id })).resolves.toMatchObject({
      attemptId: expect.any(String),
    });
  });
});
