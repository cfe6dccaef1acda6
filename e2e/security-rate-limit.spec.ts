// The public consent routes under a flood, against `next start` and its real PostgreSQL: 2,000
// POST /consent/start from one client for one invitation used to write 2,000 attempt rows (kept 7
// days). Now the client's bucket, the invitation's bucket and the cap on live attempts bound the
// rows; the refusals are 429 pages in words with Retry-After; a forged X-Forwarded-For does not
// buy a fresh identity; one client spreading its requests over many invitations gets no more
// through than its own bucket allows; and another client (another source address) is not affected.
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { rawHttpClient } from "./security/raw-http";
import { withDatabase } from "./support/stack";

const FLOOD = 2_000;
const IN_FLIGHT = 16;
/** Every SPREAD_EVERY-th request of the flood goes to an invitation of its own, so only the client's bucket can refuse it. */
const SPREAD_EVERY = 10;
/** The per-client rule of lib/security/consent-limits.ts: 60 at once, then one a second. */
const CLIENT_CAPACITY = 60;
const CLIENT_REFILL_PER_SECOND = 1;

async function acceptedInvitation(tag: string): Promise<string> {
  const id = randomUUID();
  await withDatabase((db) =>
    db.query(
      `INSERT INTO "Invitation" (id, email, "displayName", status, "updatedAt") VALUES ($1, $2, $3, 'Accepted', now())`,
      [id, `flood-${tag}-${id.slice(0, 8)}@fabrikam.com`, tag],
    ),
  );
  return id;
}

async function acceptedInvitations(tag: string, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => randomUUID());
  await withDatabase((db) =>
    db.query(
      `INSERT INTO "Invitation" (id, email, "displayName", status, "updatedAt")
       SELECT id, 'flood-' || $2 || '-' || left(id::text, 8) || '@fabrikam.com', $2, 'Accepted', now() FROM unnest($1::uuid[]) AS id`,
      [ids, tag],
    ),
  );
  return ids;
}

const attemptRows = (invitationId: string) =>
  withDatabase(async (db) =>
    Number(
      (await db.query(`SELECT count(*)::int AS n FROM "ConsentAttempt" WHERE "invitationId" = $1`, [invitationId]))
        .rows[0].n,
    ),
  );

test(`${FLOOD} POST /consent/start from one client: rows stay bounded, 429s explained, another client unaffected`, async ({
  baseURL,
}) => {
  test.setTimeout(180_000);
  const origin = new URL(baseURL!).origin;
  const flooded = await acceptedInvitation("flooded");
  const other = await acceptedInvitation("other");
  const spread = await acceptedInvitations("spread", FLOOD / SPREAD_EVERY);
  const attacker = rawHttpClient(origin, IN_FLIGHT, { localAddress: "127.0.0.1" });
  const start = (invitationId: string, extra: Record<string, string> = {}) => ({
    method: "POST",
    target: "/consent/start",
    headers: { Origin: origin, "Content-Type": "application/x-www-form-urlencoded", ...extra },
    body: Buffer.from(new URLSearchParams({ invitation: invitationId }).toString()),
  });

  const statuses = new Map<number, number>();
  let spreadThrough = 0;
  let retryAfterMissing = 0;
  let refusalPage = "";
  const started = performance.now();
  let sent = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (sent < FLOOD) {
        const n = ++sent;
        // Half of them claim to come from elsewhere: with no trusted proxy configured, that changes nothing.
        const forged: Record<string, string> = n % 2 ? { "X-Forwarded-For": `198.51.100.${n % 250}` } : {};
        const target = n % SPREAD_EVERY === 0 ? spread[n / SPREAD_EVERY - 1]! : flooded;
        const response = await attacker.send(start(target, forged));
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        if (target !== flooded && response.status === 303) spreadThrough++;
        if (response.status === 429) {
          if (!Number(response.headers["retry-after"])) retryAfterMissing++;
          refusalPage ||= response.body;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const rows = await attemptRows(flooded);
  const summary = [...statuses.entries()]
    .sort(([a], [b]) => a - b)
    .map(([status, n]) => `${status}×${n}`)
    .join(" ");
  console.log(
    `[rate-limit] ${FLOOD} POST /consent/start in ${seconds.toFixed(1)} s → ${summary}; ${rows} attempt rows for the flooded invitation, ` +
      `${spreadThrough} of ${spread.length} spread over invitations of their own let through`,
  );

  expect(rows).toBeLessThanOrEqual(10);
  expect(statuses.get(429) ?? 0).toBeGreaterThanOrEqual(FLOOD - 100);
  expect(
    [...statuses.keys()].every((status) => status === 303 || status === 429),
    summary,
  ).toBe(true);
  expect(retryAfterMissing).toBe(0);
  expect(refusalPage).toMatch(/<h1 id="refusal-title">[^<]+<\/h1>/);
  expect(refusalPage).toContain("Try again in about");

  // Requests spread over invitations of their own pass no invitation's limit, yet the client gets
  // no more through, in all, than its bucket holds plus what it refilled during the flood ...
  const through = statuses.get(303) ?? 0;
  expect(through, summary).toBeLessThanOrEqual(CLIENT_CAPACITY + Math.ceil(seconds * CLIENT_REFILL_PER_SECOND) + 1);
  expect(spreadThrough).toBeLessThan(spread.length / 2);
  // ... while another client starts a consent and opens its page at once.
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
