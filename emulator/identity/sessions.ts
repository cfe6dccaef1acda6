// Interactive sign-in state: the pending authorization requests ("transactions") a sign-in page
// belongs to, and the browser's session (a cookie naming the accounts signed in), which is what
// makes prompt=none and single sign-on work.
import { randomBytes } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Authority } from "./authority";

export const SESSION_COOKIE = "emulator_estsauth";
const TRANSACTION_LIFETIME_MS = 30 * 60_000;

export type Prompt = "login" | "consent" | "select_account" | "none" | "admin_consent" | null;

/** What /authorize (or /adminconsent, or the redemption page) was asked to do. */
export interface AuthorizationRequest {
  kind: "authorize" | "adminconsent" | "redeem";
  authority: Authority;
  appId: string;
  redirectUri: string;
  responseMode: "query" | "fragment" | "form_post";
  state: string | null;
  nonce: string | null;
  scopes: string[];
  codeChallenge: string | null;
  codeChallengeMethod: "S256" | "plain" | null;
  prompt: Prompt;
  loginHint: string | null;
  /** For kind "redeem": the guest object that the invitation created. */
  guestUserId?: string;
  /** For kind "adminconsent" (v2 endpoint): scopes were given as a parameter. */
  v2AdminConsent?: boolean;
}

export interface Transaction {
  id: string;
  request: AuthorizationRequest;
  createdAt: number;
  /** The home account that has authenticated in this transaction. */
  homeAccountId: string | null;
  /** Sign-in error to show again on the form (wrong password...). */
  formError: string | null;
  /** The one-time passcode mailed to the invited address during a redemption, if one was asked for. */
  passcode?: string;
}

export class InteractionStore {
  private readonly transactions = new Map<string, Transaction>();
  /** session id → home account ids signed in with this browser. */
  private readonly sessions = new Map<string, string[]>();

  begin(request: AuthorizationRequest): Transaction {
    this.sweep();
    const transaction: Transaction = {
      id: randomBytes(18).toString("base64url"),
      request,
      createdAt: Date.now(),
      homeAccountId: null,
      formError: null,
    };
    this.transactions.set(transaction.id, transaction);
    return transaction;
  }

  get(id: string | undefined): Transaction | undefined {
    if (!id) return undefined;
    const transaction = this.transactions.get(id);
    if (transaction && Date.now() - transaction.createdAt > TRANSACTION_LIFETIME_MS) {
      this.transactions.delete(id);
      return undefined;
    }
    return transaction;
  }

  finish(id: string): void {
    this.transactions.delete(id);
  }

  /** Accounts this browser has signed in with (most recent first). */
  sessionAccounts(request: FastifyRequest): string[] {
    const id = readCookie(request, SESSION_COOKIE);
    return id ? (this.sessions.get(id) ?? []) : [];
  }

  /** Records a successful sign-in in the browser session, creating the session cookie if needed. */
  rememberAccount(request: FastifyRequest, reply: FastifyReply, homeAccountId: string): void {
    let id = readCookie(request, SESSION_COOKIE);
    if (!id || !this.sessions.has(id)) {
      id = randomBytes(24).toString("base64url");
      this.sessions.set(id, []);
    }
    const accounts = this.sessions.get(id)!.filter((account) => account !== homeAccountId);
    this.sessions.set(id, [homeAccountId, ...accounts]);
    reply.header("set-cookie", `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; Secure; SameSite=Lax`);
  }

  /** Signs every account out of this browser (end_session_endpoint). */
  forget(request: FastifyRequest, reply: FastifyReply): void {
    const id = readCookie(request, SESSION_COOKIE);
    if (id) this.sessions.delete(id);
    reply.header("set-cookie", `${SESSION_COOKIE}=; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age=0`);
  }

  clear(): void {
    this.transactions.clear();
    this.sessions.clear();
  }

  private sweep(): void {
    const now = Date.now();
    for (const [id, transaction] of this.transactions)
      if (now - transaction.createdAt > TRANSACTION_LIFETIME_MS) this.transactions.delete(id);
  }
}

export function readCookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie ?? "";
  for (const part of header.split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return value.join("=");
  }
  return undefined;
}
