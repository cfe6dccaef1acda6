// `npm run test:e2e` builds the portal only when .next is older than its sources (scripts/lib/build-freshness.ts):
// CI has just built it for the demo's smoke run, and a second `next build` of the same tree costs minutes.
import { runBin } from "./lib/database";
import { isBuildFresh } from "./lib/build-freshness";

if (isBuildFresh()) {
  console.log("Reusing the portal's production build (.next is newer than every source).");
} else {
  await runBin("next", ["build"], { ...process.env, NEXT_TELEMETRY_DISABLED: "1" });
}
