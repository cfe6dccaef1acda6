import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { INVITATION_WINDOW, pauseSending, takeTurn, tryTakeTurn, type SendingWindow } from "./rate-limit";

const sendingWindow = (requests: number, windowMs: number): SendingWindow => ({
  key: `test:${randomBytes(4).toString("hex")}`,
  requests,
  windowMs,
});

/** The most turns in any half-open span of `spanMs` (sorted times). */
const busiest = (sorted: number[], spanMs: number) =>
  Math.max(...sorted.map((from) => sorted.filter((t) => t >= from && t < from + spanMs).length));

/** Takers in parallel, as a bulk run's lanes in several workers are, until `total` turns are taken. */
async function takeAll(w: SendingWindow, takers: number, total: number): Promise<number[]> {
  const takenAt: number[] = [];
  let asked = 0;
  const start = Date.now();
  await Promise.all(
    Array.from({ length: takers }, async () => {
      while (asked < total) {
        asked += 1;
        await takeTurn(w);
        takenAt.push(Date.now() - start);
      }
    }),
  );
  return takenAt.sort((x, y) => x - y);
}

describe("shared sending window (PostgreSQL)", () => {
  it("lets a full window through at once, then one turn for each that leaves it", async () => {
    const w = sendingWindow(10, 600);
    const sorted = await takeAll(w, 8, 30);
    expect(sorted).toHaveLength(30);
    // 30 turns = 3 windows of 10: the first ten at once (counted from the first: the pool opens its
    // connections meanwhile), the last ten not before two windows have passed.
    const first = sorted[0] as number;
    expect((sorted[9] as number) - first).toBeLessThan(600);
    expect((sorted.at(-1) as number) - first).toBeGreaterThanOrEqual(1_150);
    expect(busiest(sorted, 500)).toBeLessThanOrEqual(10);
  });

  it("the invitation window never holds more than Graph's 150 in any 5 s, and uses them", async () => {
    const { requests, windowMs } = INVITATION_WINDOW;
    expect(requests).toBeLessThanOrEqual(150);
    expect(windowMs).toBeGreaterThanOrEqual(5_000);
    const w = sendingWindow(requests, windowMs);
    // Three workers' bulk runs, twelve lanes each, over two full windows and into a third.
    const total = 2 * requests + 20;
    const sorted = await takeAll(w, 36, total);
    expect(sorted).toHaveLength(total);
    expect(busiest(sorted, 5_000)).toBeLessThanOrEqual(150);
    // The margin holds too: no span of (nearly) the window's own length holds more than `requests`;
    // "nearly" leaves room for the time between a turn taken in PostgreSQL and its time read here.
    expect(busiest(sorted, windowMs - 200)).toBeLessThanOrEqual(requests);
    // And it is not slow: the third window's turns start as soon as the first window's leave.
    expect(sorted.at(-1)).toBeGreaterThanOrEqual(2 * windowMs - 100);
    expect(sorted.at(-1)).toBeLessThanOrEqual(2 * windowMs + 2_500);
    const sustained = (2 * requests) / ((sorted[2 * requests] as number) / 1000);
    expect(sustained).toBeGreaterThanOrEqual(0.9 * (requests / (windowMs / 1000)));
    // A full window asks a taker to wait only until its oldest turn leaves.
    const wait = await tryTakeTurn(w);
    expect(wait).toBeGreaterThanOrEqual(0);
    expect(wait).toBeLessThanOrEqual(windowMs);
  }, 30_000);

  it("pauses every taker for Retry-After after a 429", async () => {
    const w = sendingWindow(100, 1_000);
    await takeTurn(w); // first use creates the window
    await pauseSending(w, 1.5);
    const wait = await tryTakeTurn(w);
    expect(wait).toBeGreaterThan(1_000);
    expect(wait).toBeLessThanOrEqual(1_500);
    const start = Date.now();
    await takeTurn(w);
    expect(Date.now() - start).toBeGreaterThanOrEqual(1_000);
  });
});
