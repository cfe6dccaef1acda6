// Property tests are repeatable: every run draws from one fixed fast-check seed, so CI fails for a
// reason, never for a draw (a random seed once failed 1 fresh-clone run in 2). The soak run
// (GUESTPASS_SOAK=1) explores with a fresh seed; FAST_CHECK_SEED=<n> replays one. A failure prints
// the seed and path either way; a drawn seed is printed up front as well.
import fc from "fast-check";

const FIXED_SEED = 20261202;

const replay = process.env.FAST_CHECK_SEED;
const seed = replay
  ? Number(replay)
  : process.env.GUESTPASS_SOAK === "1"
    ? Math.floor(Math.random() * 2 ** 31)
    : FIXED_SEED;
if (!Number.isSafeInteger(seed)) throw new Error(`FAST_CHECK_SEED must be an integer, not "${replay}".`);
if (seed !== FIXED_SEED) console.log(`[fast-check] seed ${seed} (replay with FAST_CHECK_SEED=${seed})`);
fc.configureGlobal({ seed });
