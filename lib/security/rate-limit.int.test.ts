// The consent routes' shared buckets in a real PostgreSQL: concurrent takers (as from several portal
// processes) never get more than the bucket holds, a refusal says when to come back, and one take
// is one statement.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { takeFromBuckets } from "./rate-limit";

const key = (name: string) => `consent:test:${name}:${randomBytes(4).toString("hex")}`;

describe("shared token buckets", () => {
  it("grants exactly the burst to 100 concurrent takers, then says how long to wait", async () => {
    const bucket = { key: key("burst"), rule: { capacity: 10, refillPerSecond: 0.01 } };
    const results = await Promise.all(Array.from({ length: 100 }, () => takeFromBuckets([bucket])));
    expect(results.filter((r) => r.allowed)).toHaveLength(10);
    const refused = results.find((r) => !r.allowed);
    expect(refused && !refused.allowed && refused.retryAfterSeconds).toBeGreaterThanOrEqual(50);
  });

  it("refills with time", async () => {
    const bucket = { key: key("refill"), rule: { capacity: 1, refillPerSecond: 1 } };
    expect(await takeFromBuckets([bucket])).toMatchObject({ allowed: true });
    expect(await takeFromBuckets([bucket])).toEqual({ allowed: false, retryAfterSeconds: 1 });
    await prisma.rateLimitBucket.update({
      where: { key: bucket.key },
      data: { refilledAt: new Date(Date.now() - 1500) },
    });
    expect(await takeFromBuckets([bucket])).toMatchObject({ allowed: true });
  });

  it("refuses when one of two buckets is empty; the other still counts the request", async () => {
    const client = { key: key("client"), rule: { capacity: 5, refillPerSecond: 0.001 } };
    const entry = { key: key("entry"), rule: { capacity: 1, refillPerSecond: 0.001 } };
    expect(await takeFromBuckets([client, entry])).toMatchObject({ allowed: true });
    expect((await takeFromBuckets([client, entry])).allowed).toBe(false);
    const row = await prisma.rateLimitBucket.findUniqueOrThrow({ where: { key: client.key } });
    expect(row.tokens).toBeCloseTo(3, 1);
  });
});
