import { describe, expect, it } from "vitest";
import { withReadmeTable, type BenchRun } from "./report";

const run: BenchRun = {
  mode: "full",
  startedAt: "2026-12-04T21:00:00.000Z",
  totalSeconds: 600,
  machine: { cpus: 2, loadAverage: [1, 2, 3], node: "v20.20.2", database: "embedded" },
  results: {},
  rows: [
    {
      scenario: "1 Bulk invite 1000",
      figure: "share of the limit used",
      measured: "94 %",
      baseline: "100 %",
      target: "≥ 93 %",
      met: true,
    },
  ],
};

const START = "<!-- bench:start (npm run bench -- --readme writes this table) -->";
const END = "<!-- bench:end -->";

describe("withReadmeTable", () => {
  it("replaces only what lies between the markers with the run's line and table", () => {
    const readme = `# Title\n\n## Performance\n\nIntro.\n\n${START}\nold table\n${END}\n\n## Next\n`;
    const updated = withReadmeTable(readme, run);
    expect(updated.startsWith("# Title\n\n## Performance\n\nIntro.\n\n")).toBe(true);
    expect(updated.endsWith(`${END}\n\n## Next\n`)).toBe(true);
    expect(updated).not.toContain("old table");
    expect(updated).toContain("Latest full run (`npm run bench`): 2026-12-04T21:00:00.000Z · 600 s · 2 CPUs");
    expect(updated).toContain("| 1 Bulk invite 1000 | share of the limit used | 94 % | 100 % | ≥ 93 % | yes |");
    // Run again: the same README, not a second table.
    expect(withReadmeTable(updated, run)).toBe(updated);
  });

  it("refuses a README without the markers rather than appending somewhere", () => {
    expect(() => withReadmeTable("# Title\n", run)).toThrow(/bench:start/);
  });
});
