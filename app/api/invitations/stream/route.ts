// Server-Sent Events: invitation status changes as they are committed, for the staff pages to
// refresh themselves. Fed by the process-wide LISTEN connection (lib/invitations/queries/live-feed.ts).
// Query: ?invitation=<id> or ?bulkRun=<id> narrows the stream to one invitation or one bulk run.
import { isStaff } from "@/lib/auth/permissions";
import { getStaffSession } from "@/lib/auth/session";
import { databaseUnavailableResponse } from "@/lib/shared/database-unavailable";
import { invitationLiveFeed, type LiveNotice } from "@/lib/invitations/queries/live-feed";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const HEARTBEAT_MS = 20_000;
const ID = /^[0-9a-f-]{36}$/i;

function matches(notice: LiveNotice, invitationId: string | null, bulkRunId: string | null): boolean {
  if (notice.kind === "resync") return true;
  if (notice.kind === "invitation") {
    if (invitationId) return notice.notice.id === invitationId;
    if (bulkRunId) return notice.notice.bulkRunId === bulkRunId;
    return true;
  }
  return bulkRunId ? notice.notice.runId === bulkRunId : !invitationId;
}

export async function GET(request: Request): Promise<Response> {
  const staff = await getStaffSession();
  if (staff?.databaseUnavailable) return databaseUnavailableResponse("json");
  if (!isStaff(staff)) {
    return Response.json({ error: staff ? "forbidden" : "unauthenticated" }, { status: staff ? 403 : 401 });
  }
  const url = new URL(request.url);
  const invitationParam = url.searchParams.get("invitation");
  const bulkRunParam = url.searchParams.get("bulkRun");
  const invitationId = invitationParam && ID.test(invitationParam) ? invitationParam : null;
  const bulkRunId = bulkRunParam && ID.test(bulkRunParam) ? bulkRunParam : null;

  // A new stream while the database is down gets a 503 with Retry-After (LiveRefresh opens a new one
  // later); streams already open stay open and get "resync" when the feed's LISTEN is back.
  const feed = invitationLiveFeed();
  if (!(await feed.ready())) return databaseUnavailableResponse("json");

  const encoder = new TextEncoder();
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let open = true;
      const send = (text: string) => {
        if (!open) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      const unsubscribe = await feed.subscribe((notice) => {
        if (!matches(notice, invitationId, bulkRunId)) return;
        const data = notice.kind === "resync" ? {} : notice.notice;
        send(`event: ${notice.kind}\ndata: ${JSON.stringify(data)}\n\n`);
      });
      // Comments keep proxies from closing an idle stream; `retry` paces EventSource's reconnects.
      const heartbeat = setInterval(() => send(": heartbeat\n\n"), HEARTBEAT_MS);
      cleanup = () => {
        if (!open) return;
        open = false;
        clearInterval(heartbeat);
        unsubscribe();
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      request.signal.addEventListener("abort", () => cleanup());
      send(`retry: 3000\nevent: ready\ndata: {}\n\n`);
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
}
