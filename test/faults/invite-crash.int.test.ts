// kill -9 of the worker while Graph is taking an invitation created through the API — Graph has made
// the guest, its answer has not come back, the worker has written nothing down — then a new worker,
// and the product repeating its request with the same Idempotency-Key: one invitation in Guestpass,
// one in Graph. The new worker finds the guest Graph made (reconciles) instead of posting again.
import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { POST as createRoute } from "@/app/api/v1/invitations/route";
import { EmulatorControl } from "@/emulator/control/client";
import { callApi, createTestKey } from "@/lib/api/api.test-support";
import { prisma } from "@/lib/db/client";
import { uniqueEmail, waitFor } from "@/test/int-support";
import { killAllWorkerProcesses, killWorkerProcess, startWorkerProcess } from "@/test/worker-process";

const emulator = EmulatorControl.fromEnv();

afterEach(async () => {
  await killAllWorkerProcesses();
  await emulator.resetFaults();
});

describe("creating an invitation across a worker crash", () => {
  it("a Graph POST cut off by kill -9 is reconciled, and the product's retry answers the same invitation", async () => {
    const key = await createTestKey(["invitations:write"], "invite crash");
    const email = uniqueEmail("invite-crash");
    const idempotencyKey = randomUUID();
    const create = () =>
      callApi(createRoute, {
        method: "POST",
        path: "/invitations",
        key: key.key,
        headers: { "idempotency-key": idempotencyKey },
        body: { email, displayName: "Cut Off" },
      });
    const postsInGraph = async () =>
      (await emulator.listInvitations()).filter((invitation) => invitation.invitedUserEmailAddress === email).length;

    // Graph makes the guest at once and holds its 201 long past the kill.
    await emulator.setFaults({ rules: [{ pathPrefix: "/v1.0/invitations", holdAnswerMs: 120_000 }] });
    const first = startWorkerProcess();
    const accepted = await create();
    expect(accepted.status, accepted.text).toBe(201);
    const id = (accepted.body as { id: string }).id;
    await waitFor(async () => (await postsInGraph()) === 1, {
      what: "Graph to have the invitation",
      timeoutMs: 60_000,
    });
    await killWorkerProcess(first);
    expect(await prisma.invitation.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "Sending" });

    // The product never heard back either (its own timeout) and repeats the request.
    const replayed = await create();
    expect(replayed.status, replayed.text).toBe(201);
    expect(replayed.headers.get("idempotent-replayed")).toBe("true");
    expect((replayed.body as { id: string }).id).toBe(id);

    await emulator.resetFaults();
    startWorkerProcess();
    const settled = await waitFor(
      async () => {
        const row = await prisma.invitation.findUniqueOrThrow({ where: { id } });
        return row.status === "PendingAcceptance" ? row : undefined;
      },
      { what: "the new worker to settle the invitation", timeoutMs: 120_000, intervalMs: 250 },
    );
    expect(settled.graphUserId).toBeTruthy();
    expect(await postsInGraph()).toBe(1);
    expect(await prisma.invitation.count({ where: { email } })).toBe(1);
    expect(
      (await emulator.listUsers()).filter((user) => user.mail?.toLowerCase() === email.toLowerCase()),
    ).toHaveLength(1);
  }, 240_000);
});
