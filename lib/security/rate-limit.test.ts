import { describe, expect, it } from "vitest";
import { MemoryBuckets } from "./rate-limit";

const rule = { capacity: 3, refillPerSecond: 1 };

describe("in-process buckets", () => {
  it("allows the burst, refuses with the wait, refills with time", () => {
    const buckets = new MemoryBuckets();
    const takes = [{ key: "a", rule }];
    for (let i = 0; i < 3; i++) expect(buckets.take(takes, 1000)).toEqual({ allowed: true });
    expect(buckets.take(takes, 1000)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(buckets.take(takes, 2000)).toEqual({ allowed: true });
    expect(buckets.take([{ key: "b", rule }], 2000)).toEqual({ allowed: true });
  });

  it("is refused when any bucket is empty, and still counts against the others", () => {
    const buckets = new MemoryBuckets();
    for (let i = 0; i < 3; i++) buckets.take([{ key: "entry", rule }], 0);
    expect(
      buckets.take(
        [
          { key: "client", rule },
          { key: "entry", rule },
        ],
        0,
      ).allowed,
    ).toBe(false);
    for (let i = 0; i < 2; i++) expect(buckets.take([{ key: "client", rule }], 0).allowed).toBe(true);
    expect(buckets.take([{ key: "client", rule }], 0).allowed).toBe(false);
  });

  it("forgets everything rather than grow past its size", () => {
    const buckets = new MemoryBuckets(2);
    for (let i = 0; i < 3; i++) buckets.take([{ key: "a", rule }], 0);
    buckets.take([{ key: "b", rule }], 0);
    expect(buckets.take([{ key: "c", rule }], 0).allowed).toBe(true);
    expect(buckets.take([{ key: "a", rule }], 0).allowed).toBe(true);
  });
});
