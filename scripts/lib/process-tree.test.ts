import { spawn } from "node:child_process";
import { once } from "node:events";
import { describe, expect, it } from "vitest";
import { descendantsOf, isOwnTransformService, stillRunning, type ProcessSnapshotEntry } from "./process-tree";

const linux = process.platform === "linux";

describe.runIf(linux)("descendantsOf", () => {
  it("finds a child and its parent, and stops listing it once it has exited", async () => {
    const child = spawn("sleep", ["30"], { stdio: "ignore" });
    await once(child, "spawn");
    const entry = descendantsOf().find((found) => found.pid === child.pid);
    expect(entry).toMatchObject({ ppid: process.pid, command: "sleep 30" });
    child.kill("SIGKILL");
    await once(child, "exit");
    expect(stillRunning([entry!])).toEqual([]);
  });
});

describe("isOwnTransformService", () => {
  const entry = (ppid: number, command: string): ProcessSnapshotEntry => ({ pid: 4242, ppid, startTime: "1", command });
  const service = "/repo/node_modules/@esbuild/linux-x64/bin/esbuild --service=0.28.2 --ping";

  it("is this process's own esbuild service, started whenever tsx first needed it", () => {
    expect(isOwnTransformService(entry(100, service), 100)).toBe(true);
  });

  it("is not a service a started process (the worker, the portal) owns: that one must go with it", () => {
    expect(isOwnTransformService(entry(200, service), 100)).toBe(false);
  });

  it("is not any other child of this process", () => {
    expect(isOwnTransformService(entry(100, "/usr/lib/postgresql/bin/postgres -D /tmp/x"), 100)).toBe(false);
    expect(isOwnTransformService(entry(100, "/repo/node_modules/.bin/esbuild src/x.ts"), 100)).toBe(false);
  });
});
