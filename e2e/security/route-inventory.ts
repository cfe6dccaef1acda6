// Every way into the portal, found from the code rather than listed by hand: pages and route
// handlers from the app/ tree, server actions from the build's server-reference manifest (which
// also holds inline "use server" functions) cross-checked against the "use server" source files.
// The authorization matrix classifies each one; anything unclassified fails the matrix.
import fs from "node:fs";
import path from "node:path";

export const PROJECT_ROOT = path.resolve(import.meta.dirname, "..", "..");
const APP_DIR = path.join(PROJECT_ROOT, "app");

export interface RouteEntry {
  kind: "page" | "route";
  /** URL pattern as a visitor types it, route groups removed: "/invitations/[id]". */
  pattern: string;
  /** Source file, relative to the project. */
  file: string;
}

export interface ActionEntry {
  id: string;
  /** "app/(admin)/invitations/actions.ts#inviteUser" — stable across builds, unlike the id. */
  key: string;
  /** Page patterns whose bundles carry this action (where it can be posted). */
  pages: string[];
}

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });
}

/** "app/(admin)/invitations/[id]/page.tsx" → "/invitations/[id]" (route groups and @slots vanish). */
export function urlPatternOf(appRelativeDir: string): string {
  const segments = appRelativeDir.split(path.sep).filter((s) => s && !/^\(.*\)$/.test(s) && !s.startsWith("@"));
  return `/${segments.join("/")}`;
}

export function listRoutes(): RouteEntry[] {
  return walk(APP_DIR)
    .filter((file) => /\/(page|route)\.(tsx?|jsx?|mjs)$/.test(file))
    .map((file) => ({
      kind: /\/page\.[^/]+$/.test(file) ? ("page" as const) : ("route" as const),
      pattern: urlPatternOf(path.relative(APP_DIR, path.dirname(file))),
      file: path.relative(PROJECT_ROOT, file),
    }))
    .sort((a, b) => a.pattern.localeCompare(b.pattern));
}

/** Exported functions of "use server" files, and functions with an inline "use server", by `file#name`. */
export function listActionsInSource(): { exported: string[]; inline: string[] } {
  const exported: string[] = [];
  const inline: string[] = [];
  for (const file of walk(APP_DIR).concat(walk(path.join(PROJECT_ROOT, "lib")))) {
    if (!/\.(tsx?|jsx?)$/.test(file) || file.includes(`${path.sep}generated${path.sep}`)) continue;
    const source = fs.readFileSync(file, "utf8");
    const relative = path.relative(PROJECT_ROOT, file);
    if (/^\s*(\/\/[^\n]*\n\s*)*["']use server["']/.test(source)) {
      for (const match of source.matchAll(/export\s+(?:async\s+)?function\s+(\w+)|export\s+const\s+(\w+)\s*=/g)) {
        exported.push(`${relative}#${match[1] ?? match[2]}`);
      }
    }
    for (const match of source.matchAll(
      /(?:function\s+(\w+)\s*\([^)]*\)[^{]*|(?:const|let)\s+(\w+)\s*=\s*async[^{]*)\{\s*["']use server["']/g,
    )) {
      inline.push(`${relative}#${match[1] ?? match[2]}`);
    }
  }
  return { exported: exported.sort(), inline: inline.sort() };
}

interface ManifestAction {
  workers: Record<string, unknown>;
  filename?: string;
  exportedName?: string;
}

/** Actions of the production build in .next (ids change with every build; keys do not). */
export function listActionsInBuild(distDir = path.join(PROJECT_ROOT, ".next")): ActionEntry[] {
  const manifest = JSON.parse(
    fs.readFileSync(path.join(distDir, "server", "server-reference-manifest.json"), "utf8"),
  ) as {
    node: Record<string, ManifestAction>;
  };
  return Object.entries(manifest.node)
    .map(([id, action]) => ({
      id,
      key: `${action.filename ?? "?"}#${action.exportedName ?? "?"}`,
      pages: Object.keys(action.workers)
        .filter((worker) => worker.startsWith("app/") && worker.endsWith("/page"))
        .map((worker) => urlPatternOf(worker.slice("app/".length, -"/page".length))),
    }))
    .sort((a, b) => a.key.localeCompare(b.key));
}

/** A URL for a pattern: dynamic segments get values that exist nowhere (the check comes first). */
export function concreteUrl(pattern: string, values: Record<string, string> = {}): string {
  return pattern.replace(
    /\[\[?(?:\.\.\.)?(\w+)\]?\]/g,
    (_whole, name: string) => values[name] ?? "00000000-0000-7000-8000-000000000000",
  );
}
