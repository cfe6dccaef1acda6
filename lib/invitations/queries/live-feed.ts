import "server-only";
// Live invitation changes for the staff pages: ONE PostgreSQL connection per server process LISTENs
// on the channels the invitation service NOTIFYs (lib/invitations/lifecycle.ts), and fans each notice
// out to every open browser stream. A hundred open tabs cost one database connection, not a hundred.
// The connection opens with the first subscriber, closes a while after the last one leaves, and
// reconnects (with backoff) if PostgreSQL drops it; subscribers are told so they can resync.
import pg from "pg";
import { getDatabaseUrl } from "@/lib/env";
import {
  BULK_RUN_CHANGED_CHANNEL,
  INVITATION_CHANGED_CHANNEL,
  type BulkRunChangedNotice,
  type InvitationChangedNotice,
} from "@/lib/shared/invitations";

export type LiveNotice =
  | { kind: "invitation"; notice: InvitationChangedNotice }
  | { kind: "bulkRun"; notice: BulkRunChangedNotice }
  /** The LISTEN connection was re-established: changes may have been missed, so refetch. */
  | { kind: "resync" };

type Subscriber = (notice: LiveNotice) => void;

const IDLE_CLOSE_MS = 30_000;
const MAX_BACKOFF_MS = 10_000;

class InvitationLiveFeed {
  private readonly subscribers = new Set<Subscriber>();
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private failures = 0;

  /** Starts delivering notices to `subscriber`; resolves once the LISTEN is in place. Returns the unsubscribe. */
  async subscribe(subscriber: Subscriber): Promise<() => void> {
    this.subscribers.add(subscriber);
    if (this.idleTimer) {
      clearTimeout(this.idleTimer);
      this.idleTimer = null;
    }
    await this.ensureConnected().catch(() => {
      // The retry loop keeps trying; the stream stays open and gets "resync" once connected.
    });
    return () => this.unsubscribe(subscriber);
  }

  /**
   * Whether the LISTEN connection is (or can now be) in place. A fresh connect is attempted when there
   * is none, unless the retry loop is already waiting out a failure.
   */
  async ready(): Promise<boolean> {
    if (this.client) return true;
    if (this.retryTimer) return false;
    await this.ensureConnected().catch(() => undefined);
    return this.client !== null;
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  private unsubscribe(subscriber: Subscriber): void {
    this.subscribers.delete(subscriber);
    if (this.subscribers.size === 0 && !this.idleTimer) {
      // Kept open a little: page navigations close and reopen streams within moments.
      this.idleTimer = setTimeout(() => {
        this.idleTimer = null;
        if (this.subscribers.size === 0) void this.close();
      }, IDLE_CLOSE_MS);
      this.idleTimer.unref();
    }
  }

  private ensureConnected(): Promise<void> {
    if (this.client) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: getDatabaseUrl(), application_name: "guestpass-live-feed" });
    client.on("notification", (message) => this.deliver(message.channel, message.payload));
    client.on("error", () => this.lost(client));
    client.on("end", () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${INVITATION_CHANGED_CHANNEL}`);
      await client.query(`LISTEN ${BULK_RUN_CHANGED_CHANNEL}`);
    } catch (error) {
      client.removeAllListeners("end");
      await client.end().catch(() => undefined);
      this.scheduleRetry();
      throw error;
    }
    const reconnected = this.failures > 0;
    this.failures = 0;
    this.client = client;
    if (reconnected) this.broadcast({ kind: "resync" });
  }

  private lost(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = null;
    client.removeAllListeners();
    client.on("error", () => undefined);
    void client.end().catch(() => undefined);
    this.failures++;
    if (this.subscribers.size > 0) this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.retryTimer || this.subscribers.size === 0) return;
    const delay = Math.min(250 * 2 ** Math.min(this.failures, 6), MAX_BACKOFF_MS);
    this.failures++;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.subscribers.size > 0) void this.ensureConnected().catch(() => undefined);
    }, delay);
    this.retryTimer.unref();
  }

  private deliver(channel: string, payload: string | undefined): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(payload ?? "");
    } catch {
      return; // not ours
    }
    if (typeof parsed !== "object" || parsed === null) return;
    if (channel === INVITATION_CHANGED_CHANNEL && typeof (parsed as InvitationChangedNotice).id === "string") {
      this.broadcast({ kind: "invitation", notice: parsed as InvitationChangedNotice });
    } else if (channel === BULK_RUN_CHANGED_CHANNEL && typeof (parsed as BulkRunChangedNotice).runId === "string") {
      this.broadcast({ kind: "bulkRun", notice: parsed as BulkRunChangedNotice });
    }
  }

  private broadcast(notice: LiveNotice): void {
    for (const subscriber of this.subscribers) {
      try {
        subscriber(notice);
      } catch {
        // One broken stream must not stop the others.
      }
    }
  }

  private async close(): Promise<void> {
    const client = this.client;
    this.client = null;
    if (!client) return;
    client.removeAllListeners();
    client.on("error", () => undefined);
    await client.end().catch(() => undefined);
  }
}

// On globalThis so dev-mode module reloads reuse the one connection instead of leaking one per edit.
const holder = globalThis as unknown as { guestpassInvitationLiveFeed?: InvitationLiveFeed };

export function invitationLiveFeed(): InvitationLiveFeed {
  holder.guestpassInvitationLiveFeed ??= new InvitationLiveFeed();
  return holder.guestpassInvitationLiveFeed;
}
