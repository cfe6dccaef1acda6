// The public consent routes under a flood, against `next start` and its real PostgreSQL: 2,000
// POST /consent/start from one client for one invitation used to write 2,000 attempt rows (kept 7
// days). Now the client's bucket, the invitation's bucket and the cap on live attempts bound the
// rows; the refusals are 429 pages in words with Retry-After; a forged X-Forwarded-For does not
// buy a fresh identity; and another client (another source address) is not affected.
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { rawHttpClient } from "./security/raw-http";
import { withDatabase } from "./support/stack";

const FLOOD = 2_000;
const IN_FLIGHT = 16;

async function acceptedInvitation(tag: string): Promise<string> {
  const id = randomUUID();
  await withDatabase((db) =>
    db.query(`INSERT INTO "Invitation" (id, email, "displayName", status, "updatedAt") VALUES ($1, $2, $3, 'Accepted', now())`, [id, `flood-${tag}-${id.slice(0, 8)}@fabrikam.com`, tag]),
  );
  return id;
}

const attemptRows = (invitationId: string) =>
  withDatabase(async (db) => Number((await db.query(`SELECT count(*)::int AS n FROM "ConsentAttempt" WHERE "invitationId" = $1`, [invitationId])).rows[0].n));

test(`${FLOOD} POST /consent/start from one client: rows stay bounded, 429s explained, another client unaffected`, async ({ baseURL }) => {
  test.setTimeout(180_000);
  const origin = new URL(baseURL!).origin;
  const flooded = await acceptedInvitation("flooded");
  const other = await acceptedInvitation("other");
  const attacker = rawHttpClient(origin, IN_FLIGHT, { localAddress: "127.0.0.1" });
  const start = (invitationId: string, extra: Record<string, string> = {}) => ({
    method: "POST",
    target: "/consent/start",
    headers: { Origin: origin, "Content-Type": "application/x-www-form-urlencoded", ...extra },
    body: Buffer.from(new URLSearchParams({ invitation: invitationId }).toString()),
  });

  const statuses = new Map<number, number>();
  let retryAfterMissing = 0;
  let refusalPage = "";
  const started = performance.now();
  let sent = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (sent < FLOOD) {
        sent++;
        // Half of them claim to come from elsewhere: with no trusted proxy configured, that changes nothing.
        const response = await attacker.send(start(flooded, sent % 2 ? { "X-Forwarded-For": `198.51.100.${sent % 250}` } : {}));
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        if (response.status === 429) {
          if (!Number(response.headers["retry-after"])) retryAfterMissing++;
          refusalPage ||= response.body;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const rows = await attemptRows(flooded);
  const summary = [...statuses.entries()].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`).join(" ");
  console.log(`[rate-limit] ${FLOOD} POST /consent/start in ${seconds.toFixed(1)} s → ${summary}; ${rows} attempt rows written`);

  expect(rows).toBeLessThanOrEqual(10);
  expect(statuses.get(429) ?? 0).toBeGreaterThanOrEqual(FLOOD - 100);
  expect([...statuses.keys()].every((status) => status === 303 || status === 429), summary).toBe(true);
  expect(retryAfterMissing).toBe(0);
  expect(refusalPage).toMatch(/<h1 id="refusal-title">[^<]+<\/h1>/);
  expect(refusalPage).toContain("Try again in about");

  // The same client is refused for another invitation too (its own bucket is empty) ...
  const sameClient = await attacker.send(start(other));
  expect(sameClient.status).toBe(429);
  // ... while another client starts that consent and opens its page at once.
  const neighbour = rawHttpClient(origin, 1, { localAddress: "127.0.0.2" });
  const page = await neighbour.send({ method: "GET", target: `/consent/i/${other}` });
  expect(page.status).toBe(200);
  const theirs = await neighbour.send(start(other));
  expect(theirs.status).toBe(303);
  expect(theirs.headers.location).toContain("/authorize?");
  expect(await attemptRows(other)).toBe(1);
  attacker.close();
  neighbour.close();
});
