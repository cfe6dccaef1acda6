// A small seeded pseudo-random source (mulberry32) so fault injection can be replayed exactly:
// the same seed and the same request order give the same faults.
import { randomInt } from "node:crypto";

export interface RandomSource {
  /** A number in [0, 1). */
  next(): number;
  readonly seed: number;
}

export function createRandomSource(seed: number = randomInt(0, 2 ** 31)): RandomSource {
  let state = seed >>> 0;
  return {
    seed,
    next() {
      state = (state + 0x6d2b79f5) >>> 0;
      let mixed = state;
      mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
      mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
      return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
    },
  };
}

/** A whole number of milliseconds drawn uniformly from [min, max]. */
export function uniformMs(random: RandomSource, min: number, max: number): number {
  if (max <= min) return min;
  return Math.floor(min + random.next() * (max - min + 1));
}
