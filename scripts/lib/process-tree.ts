// Which processes a launcher started, directly or not, so it can prove it left none behind. Linux
// only (/proc); elsewhere the snapshot is empty and the check passes vacuously.
import fs from "node:fs";

export interface ProcessSnapshotEntry {
  pid: number;
  ppid: number;
  /** Start time in clock ticks since boot: tells a process from a later one that reuses its pid. */
  startTime: string;
  command: string;
}

function readStat(pid: number): { ppid: number; state: string; startTime: string } | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) is in parentheses and may hold spaces: split after its last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { state: fields[0]!, ppid: Number(fields[1]), startTime: fields[19]! };
  } catch {
    return null;
  }
}

function commandOf(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim().slice(0, 160);
  } catch {
    return "?";
  }
}

/** Every living descendant of `rootPid` (children, grandchildren…). */
export function descendantsOf(rootPid = process.pid): ProcessSnapshotEntry[] {
  let pids: number[];
  try {
    pids = fs
      .readdirSync("/proc")
      .filter((name) => /^\d+$/.test(name))
      .map(Number);
  } catch {
    return [];
  }
  const children = new Map<number, number[]>();
  const stats = new Map<number, { ppid: number; startTime: string; state: string }>();
  for (const pid of pids) {
    const stat = readStat(pid);
    if (!stat) continue;
    stats.set(pid, stat);
    children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), pid]);
  }
  const found: ProcessSnapshotEntry[] = [];
  const queue = [...(children.get(rootPid) ?? [])];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    const stat = stats.get(pid)!;
    if (stat.state !== "Z") found.push({ pid, ppid: stat.ppid, startTime: stat.startTime, command: commandOf(pid) });
    queue.push(...(children.get(pid) ?? []));
  }
  return found;
}

/** The processes of `snapshot` that still run (same pid and start time, not a zombie). */
export function stillRunning(snapshot: ProcessSnapshotEntry[]): ProcessSnapshotEntry[] {
  return snapshot.filter((entry) => {
    const stat = readStat(entry.pid);
    return stat !== null && stat.startTime === entry.startTime && stat.state !== "Z";
  });
}

/**
 * tsx's esbuild service for this very process: it ends with this process, and tsx starts it
 * lazily (only when a module misses tsx's transform cache), so it may appear at any moment.
 */
export function isOwnTransformService(entry: ProcessSnapshotEntry, ownPid = process.pid): boolean {
  return entry.ppid === ownPid && /[/\\]esbuild(\.exe)? --service=/.test(entry.command);
}
