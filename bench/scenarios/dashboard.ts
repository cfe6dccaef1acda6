// Scenario 4: the invitations page under load. R invitations in the database; the built portal
// (`next start`) serves the first page, a status-filtered page and a search to 20 concurrent
// clients (autocannon), and — same server, same run — a static page (public/bench-static.html) as
// the yardstick, plus the not-found page as the cheapest *rendered* page for reference.
// Then the same database grows to 10R (older invitations, set-based) and the same three pages are
// measured again, same server, same clients: each a ratio to its R-row figure. At that size every
// query the page runs is explained (EXPLAIN ANALYZE, BUFFERS): none may scan a big table. The grown
// rows are removed again afterwards, so later scenarios find the R rows they expect.
// The staff session is an Auth.js session cookie minted with AUTH_SECRET naming a session record,
// with the staff User row and the record as sign-in would have written them.
import { readdirSync, readFileSync } from "node:fs";
import autocannon from "autocannon";
import { encode } from "next-auth/jwt";
import { prisma } from "@/lib/db/client";
import { startStaffSession } from "@/lib/auth/staff-sessions";
import { countInvitationsByStatus, listInvitations, type InvitationListFilter } from "@/lib/invitations/queries/list";
import { readLiveStaffSession } from "@/lib/auth/staff-sessions";
import { foldStatusCounts } from "@/lib/invitations/status-counts";
import { latestRegistrationAttention } from "@/lib/registration/store";
import { startPortal } from "../portal";
import { explainReads, type QueryPlan } from "../query-plans";
import { benchAdmin, percentile, type ScenarioContext } from "../support";

export interface LatencySummary {
  name: string;
  path: string;
  requests: number;
  /** Answers other than the expected status (errors, redirects to sign-in…). */
  unexpected: number;
  p50Ms: number;
  p95Ms: number;
  /** Requests per second the server sustained. */
  throughput: number;
  /** The page's own database reads (list + counts, as page.tsx runs them), median of 10, in this process. */
  queryMs?: number;
  /** The server's CPU time (user + system, the portal's processes) over the load, per request. */
  cpuMsPerRequest?: number;
  /**
   * What one visit downloads, uncompressed: the document (HTML with the RSC payload inlined for
   * hydration) and, apart, the RSC payload a client-side navigation to the page fetches.
   */
  bytes?: { document: number; flight: number };
}

/**
 * How long each page is loaded: for a while (throughput under a full run's load), or for an exact
 * number of requests, as the quick run does so that its counts hold however slow the machine is
 * (autocannon drops the requests still in flight when a duration ends: on a busy machine a round
 * of 20 renders outlasts a short window, and the page reads as 0 requests).
 */
export type DashboardLoad = { durationSeconds: number } | { requestsPerPage: number };

export interface DashboardSizes {
  invitations: number;
  /** The size the same database then grows to for the scale-up figures (issue 16: 500,000). */
  grownTo: number;
  connections: number;
  load: DashboardLoad;
}

export interface DashboardResult {
  invitations: number;
  connections: number;
  load: DashboardLoad;
  static: LatencySummary;
  /** The not-found page: rendered per request, no database read. */
  rendered: LatencySummary;
  pages: LatencySummary[];
  /** The same pages once the database holds `grownTo` invitations, and the plans of their reads. */
  grown: {
    invitations: number;
    growMs: number;
    /** The not-found page measured again at this size: the machine's load then against before. */
    rendered: LatencySummary;
    pages: LatencySummary[];
    plans: PagePlans[];
  };
}

export interface PagePlans {
  path: string;
  plans: QueryPlan[];
}

const SESSION_COOKIE = "authjs.session-token";
export const DOMAIN = "bench-dashboard.example";
// Every status, in proportions a tenant might have, by the row's number n.
const STATUS_OF_N = `(ARRAY['PendingAcceptance','Accepted','Consented','Failed','Consented','Accepted','PendingAcceptance','ConsentExpired']::"InvitationStatus"[])[1 + n % 8]`;

export async function seedInvitations(rows: number): Promise<void> {
  // Spread over statuses and months of creation times up to now (the newest is the last one seeded),
  // like a tenant that has used Guestpass a while. Rows seeded by an earlier scenario stay as they are.
  await prisma.$executeRawUnsafe(
    `INSERT INTO "Invitation" (id, email, "displayName", status, "createdAt", "updatedAt")
     SELECT gen_random_uuid(), 'person-' || n || '@${DOMAIN}', 'Dashboard Person ' || n,
            ${STATUS_OF_N},
            now() - ((${rows} - n) * 600 || ' seconds')::interval, now()
     FROM generate_series(1, ${rows}) AS n
     ON CONFLICT (email) DO NOTHING`,
  );
  await settle();
}

/**
 * What autovacuum does after a bulk load, done now: statistics, the visibility map, and the trigram
 * indexes' pending entries merged (GIN keeps a bulk insert's entries in an unsorted pending list,
 * which the planner rightly avoids: with ANALYZE alone the search read all 50,000 rows, 45 ms quiet).
 * And what the worker's crontab does every minute, which the bench's worker runs without: the status
 * counts' appended rows folded (after the earlier scenarios' changes, over 10,000 of them).
 */
async function settle(): Promise<void> {
  await foldStatusCounts();
  await prisma.$executeRawUnsafe(`VACUUM ANALYZE "Invitation"`);
  await prisma.$executeRawUnsafe(`ANALYZE "InvitationStatusCount"`);
}

/**
 * Grows the table to `total` with invitations older than every seeded one (years of history), so
 * the first page shows the same rows as before and only the table's size changed: one INSERT.
 */
async function growInvitations(from: number, total: number): Promise<void> {
  await prisma.$executeRawUnsafe(
    `INSERT INTO "Invitation" (id, email, "displayName", status, "createdAt", "updatedAt")
     SELECT gen_random_uuid(), 'person-' || n || '@${DOMAIN}', 'Dashboard Person ' || n,
            ${STATUS_OF_N},
            now() - (n * 600 || ' seconds')::interval, now()
     FROM generate_series(${from + 1}, ${total}) AS n`,
  );
  await settle();
}

/** Removes what growInvitations added (everything older than the first `rows` seeded). */
async function shrinkInvitations(rows: number): Promise<void> {
  await prisma.$executeRawUnsafe(
    `DELETE FROM "Invitation" WHERE email LIKE '%@${DOMAIN}'
       AND "createdAt" < (SELECT "createdAt" FROM "Invitation" WHERE email = 'person-1@${DOMAIN}')`,
  );
  // Statistics only: the dead rows are the oldest, which the newest-first pages never reach.
  await prisma.$executeRawUnsafe(`ANALYZE "Invitation"`);
  const left = await prisma.invitation.count({ where: { email: { endsWith: `@${DOMAIN}` } } });
  if (left !== rows) throw new Error(`${left} dashboard invitations left after shrinking, not ${rows}`);
}

/** CPU time (user + system, ms) so far of a process and every process below it (Linux /proc). */
function processTreeCpuMs(rootPid: number): number {
  const ticksPerSecond = 100; // USER_HZ on Linux
  const stats = new Map<number, { ppid: number; ticks: number }>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name (field 2) is in parentheses and may hold spaces: read after its ")".
      const fields = readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1]!.split(" ");
      stats.set(Number(entry), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // The process ended while being read.
    }
  }
  let ticks = 0;
  const pending = [rootPid];
  while (pending.length > 0) {
    const pid = pending.pop()!;
    ticks += stats.get(pid)?.ticks ?? 0;
    for (const [child, stat] of stats) if (stat.ppid === pid) pending.push(child);
  }
  return (ticks * 1000) / ticksPerSecond;
}

/** Where a load goes: a URL and, to read the server's CPU over the load, the process serving it. */
export interface LoadTarget {
  url: string;
  serverPid?: number;
}

/**
 * autocannon's summary has no p95, so every response time is kept (the 'response' event). Several
 * targets (the same page on several portals) share the clients and the request count evenly, all
 * at once; their response times and their servers' CPU are counted together.
 */
export async function load(
  name: string,
  targets: LoadTarget | LoadTarget[],
  expectStatus: number,
  cookie: string,
  connections: number,
  amount: DashboardLoad,
): Promise<LatencySummary> {
  const list = Array.isArray(targets) ? targets : [targets];
  const pids = list.flatMap((target) => (target.serverPid === undefined ? [] : [target.serverPid]));
  const cpuOf = () => pids.reduce((sum, pid) => sum + processTreeCpuMs(pid), 0);
  const cpuBefore = cpuOf();
  const times: number[] = [];
  let unexpected = 0;
  const started = performance.now();
  const share = (total: number, i: number) => Math.floor(total / list.length) + (i < total % list.length ? 1 : 0);
  const results = await Promise.all(
    list.map((target, i) => {
      const instance = autocannon({
        url: target.url,
        connections: share(connections, i),
        ...("requestsPerPage" in amount
          ? { amount: share(amount.requestsPerPage, i) }
          : { duration: amount.durationSeconds }),
        headers: { cookie },
        timeout: 30,
      });
      instance.on("response", (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
        times.push(responseTime);
        if (statusCode !== expectStatus) unexpected += 1;
      });
      return instance;
    }),
  );
  const elapsedSeconds = (performance.now() - started) / 1000;
  const cpuMs = pids.length === 0 ? undefined : cpuOf() - cpuBefore;
  times.sort((a, b) => a - b);
  const first = new URL(list[0]!.url);
  return {
    ...(cpuMs === undefined || times.length === 0
      ? {}
      : { cpuMsPerRequest: Math.round((cpuMs / times.length) * 10) / 10 }),
    name,
    path: first.pathname + first.search,
    requests: times.length,
    unexpected: unexpected + results.reduce((sum, result) => sum + result.errors + result.timeouts, 0),
    p50Ms: percentile(times, 50),
    p95Ms: percentile(times, 95),
    throughput: Math.round((times.length / elapsedSeconds) * 10) / 10,
  };
}

/** How much of a page is the database: the same reads page.tsx makes, timed here with no load. */
async function queryTime(filter: InvitationListFilter): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 10; i++) {
    const started = performance.now();
    await Promise.all([listInvitations(filter), countInvitationsByStatus()]);
    times.push(performance.now() - started);
  }
  return percentile(
    times.sort((a, b) => a - b),
    50,
  );
}

export async function sessionCookie(secret: string): Promise<string> {
  return (await staffSession(secret)).cookie;
}

/** A signed-in administrator's session cookie, and the session record it names. */
async function staffSession(secret: string): Promise<{ cookie: string; sessionId: string }> {
  const staff = await benchAdmin();
  const session = await startStaffSession(staff.userId);
  const token = await encode({
    salt: SESSION_COOKIE,
    secret,
    maxAge: 8 * 60 * 60,
    // The claims the jwt callback in lib/auth/config.ts puts in a signed-in staff member's token.
    token: {
      sub: staff.userId,
      userId: staff.userId,
      email: staff.email,
      name: staff.name,
      sid: session.id,
      endsAt: session.endsAt,
    },
  });
  return { cookie: `${SESSION_COOKIE}=${token}`, sessionId: session.id };
}

/**
 * Every read the invitations page makes for a filter, as the staff layout and page.tsx make them:
 * the session record and roles, the registration banner's newest check, the list and the counts.
 */
function pageReads(sessionId: string, filter: InvitationListFilter): () => Promise<unknown> {
  return () =>
    Promise.all([
      readLiveStaffSession(sessionId),
      latestRegistrationAttention(),
      listInvitations(filter),
      countInvitationsByStatus(),
    ]);
}

/**
 * Warms up every route (module loading, first queries) before measuring: a few requests each, one at
 * a time, so each completes however slow the machine is.
 */
export async function warmUp(base: string, paths: string[], cookie: string, log: (line: string) => void) {
  for (const target of paths) {
    let lastMs = 0;
    for (let i = 0; i < 5; i++) {
      const started = Date.now();
      await fetch(`${base}${target}`, { headers: { cookie }, redirect: "manual" }).then((r) => r.text());
      lastMs = Date.now() - started;
    }
    log(`    warm: ${target} alone takes ${lastMs} ms`);
  }
}

export async function runDashboard(context: ScenarioContext, sizes: DashboardSizes): Promise<DashboardResult> {
  context.log(`  seeding ${sizes.invitations} invitations`);
  await seedInvitations(sizes.invitations);
  const { cookie, sessionId } = await staffSession(context.env.AUTH_SECRET as string);
  const portal = await startPortal(context.env);
  const { base } = portal;
  try {
    const newest = `person-${sizes.invitations}@${DOMAIN}`;
    const searchTerm = `person-${Math.floor(sizes.invitations / 2)}`;
    const pages: { name: string; path: string; mustContain: string; filter: InvitationListFilter }[] = [
      { name: "first page", path: "/invitations", mustContain: newest, filter: {} },
      {
        name: "filtered (status=Failed)",
        path: "/invitations?status=Failed",
        mustContain: "Failed",
        filter: { status: "Failed" },
      },
      {
        name: `search (q=${searchTerm})`,
        path: `/invitations?q=${encodeURIComponent(searchTerm)}`,
        mustContain: `${searchTerm}@${DOMAIN}`,
        filter: { q: searchTerm },
      },
    ];
    // Each page once, checked: a sign-in redirect or an error page would be fast and meaningless.
    // Its size too: the document, and the RSC payload a client-side navigation fetches instead.
    const bytes = new Map<string, { document: number; flight: number }>();
    for (const page of pages) {
      const response = await fetch(`${base}${page.path}`, { headers: { cookie }, redirect: "manual" });
      const body = await response.text();
      if (response.status !== 200 || !body.includes(page.mustContain)) {
        throw new Error(
          `${page.path} answered ${response.status} without "${page.mustContain}" (is the session cookie accepted?)`,
        );
      }
      // Next answers an RSC request without its cache-busting `_rsc` parameter with a redirect to it.
      const flight = await fetch(`${base}${page.path}`, { headers: { cookie, RSC: "1" } });
      const flightBody = Buffer.from(await flight.arrayBuffer());
      if (flight.status !== 200 || !(flight.headers.get("content-type") ?? "").includes("text/x-component"))
        throw new Error(
          `${page.path} as a client navigation answered ${flight.status} ${flight.headers.get("content-type")}`,
        );
      bytes.set(page.path, { document: Buffer.byteLength(body), flight: flightBody.length });
    }
    // The yardstick the target is set against: a static page of the same server (public/, served from
    // disk). Every rendered page carries a per-request CSP nonce, so none is prerendered any more.
    // For reference, the not-found page: the cheapest page rendered per request through the same
    // root layout and proxy (status 404, no database read) — the list's own cost is the gap to it.
    const staticPath = "/bench-static.html";
    const staticCheck = await fetch(`${base}${staticPath}`);
    const staticBody = await staticCheck.text();
    if (staticCheck.status !== 200 || !staticBody.includes("Guestpass"))
      throw new Error(`${staticPath} answered ${staticCheck.status}: is public/ served?`);
    const renderedPath = "/bench-not-found";
    const renderedCheck = await fetch(`${base}${renderedPath}`);
    const renderedBytes = Buffer.byteLength(await renderedCheck.text());
    const renderedStatus = renderedCheck.status;

    await warmUp(base, [staticPath, renderedPath, ...pages.map((p) => p.path)], cookie, context.log);

    const amount =
      "requestsPerPage" in sizes.load ? `${sizes.load.requestsPerPage} requests` : `${sizes.load.durationSeconds} s`;
    context.log(`  load: ${sizes.connections} connections × ${amount} per page`);
    const staticSummary = await load(
      "static page (yardstick)",
      { url: `${base}${staticPath}`, serverPid: portal.pid },
      200,
      cookie,
      sizes.connections,
      sizes.load,
    );
    const loadRendered = () =>
      load(
        "not-found page (cheapest rendered page)",
        { url: `${base}${renderedPath}`, serverPid: portal.pid },
        renderedStatus,
        cookie,
        sizes.connections,
        sizes.load,
      );
    const renderedSummary = await loadRendered();
    const measurePages = async () => {
      const measured: LatencySummary[] = [];
      for (const page of pages) {
        const summary = await load(
          page.name,
          { url: `${base}${page.path}`, serverPid: portal.pid },
          200,
          cookie,
          sizes.connections,
          sizes.load,
        );
        measured.push({ ...summary, queryMs: await queryTime(page.filter), bytes: bytes.get(page.path) });
      }
      return measured;
    };
    const measured = await measurePages();

    context.log(`  growing the same database to ${sizes.grownTo} invitations`);
    const growStarted = Date.now();
    await growInvitations(sizes.invitations, sizes.grownTo);
    const growMs = Date.now() - growStarted;
    for (const page of pages) await fetch(`${base}${page.path}`, { headers: { cookie } }).then((r) => r.text());
    context.log(`  load at ${sizes.grownTo}: ${sizes.connections} connections × ${amount} per page`);
    // The not-found page again: how much the machine's load moved between the two sizes.
    const grownRendered = await loadRendered();
    const grownPages = await measurePages();
    const plans: PagePlans[] = [];
    for (const page of pages)
      plans.push({
        path: page.path,
        plans: await explainReads(context.env.DATABASE_URL!, pageReads(sessionId, page.filter)),
      });
    for (const { path, plans: pagePlans } of plans) {
      context.log(`  plans of ${path} at ${sizes.grownTo} rows:`);
      for (const plan of pagePlans) context.log(`${plan.statement}\n${plan.plan}\n`);
    }
    context.log(`  back to ${sizes.invitations} invitations`);
    await shrinkInvitations(sizes.invitations);
    return {
      invitations: sizes.invitations,
      connections: sizes.connections,
      load: sizes.load,
      static: staticSummary,
      rendered: { ...renderedSummary, bytes: { document: renderedBytes, flight: 0 } },
      pages: measured,
      grown: { invitations: sizes.grownTo, growMs, rendered: grownRendered, pages: grownPages, plans },
    };
  } finally {
    await portal.stop();
  }
}
