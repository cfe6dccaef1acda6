// Every page an invited person can meet, in English and in Chinese, at 1280 and 390 px: each is
// rendered in its language (the page's lang, a translated title) and kept as a screenshot
// (test-results/screenshots/invitee-<page>-<language>-desktop|phone.png). The states are written
// straight into the stack's database, as the consent flow would leave them, so each page is reached
// without replaying the flow that leads to it (the flows themselves have their own specs).
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { withDatabase } from "./support/stack";
import { shotAtBothWidths } from "./support/screenshots";

const token = () => randomBytes(32).toString("base64url");
const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");
const HOUR = 3_600_000;

interface Pages {
  [name: string]: string;
}

/** An invitation row in `status` (redeemedWith for a guest who redeemed without a Microsoft account). */
async function invitation(status: string, redeemedWith: string | null = null): Promise<string> {
  const id = randomUUID();
  await withDatabase((db) =>
    db.query(
      `INSERT INTO "Invitation" (id, email, "displayName", status, "redeemedWith", "updatedAt")
       VALUES ($1, $2, 'Gal Lery', $3::"InvitationStatus", $4, now())`,
      [id, `gallery-${randomBytes(4).toString("hex")}@fabrikam.com`, status, redeemedWith],
    ),
  );
  return id;
}

/** A consent link of the invitation in one of its states; returns its page. */
async function link(
  invitationId: string,
  state: "ready" | "expired" | "spent" | "replaced" | "withdrawn",
): Promise<string> {
  const secret = token();
  const now = Date.now();
  await withDatabase((db) =>
    db.query(
      `INSERT INTO "ConsentRequest" (id, "invitationId", "tokenHash", "expiresAt", "spentAt", "revokedAt", "revokedReason")
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        randomUUID(),
        invitationId,
        sha256(secret),
        new Date(state === "expired" ? now - HOUR : now + 24 * HOUR),
        state === "spent" ? new Date(now - HOUR) : null,
        state === "replaced" || state === "withdrawn" ? new Date(now - HOUR) : null,
        state === "replaced" ? "replaced" : state === "withdrawn" ? "revoked" : null,
      ],
    ),
  );
  return `/consent/${secret}`;
}

/** A finished consent attempt with its stored failure code (null: consented); returns its outcome page. */
async function attempt(
  invitationId: string,
  failureCode: string | null,
  event?: { type: string; detail: Record<string, string> },
): Promise<string> {
  const id = randomUUID();
  await withDatabase(async (db) => {
    await db.query(
      `INSERT INTO "ConsentAttempt" (id, "invitationId", "stateHash", "browserBindingHash", nonce, "codeVerifierCipher",
         "encryptionKeyId", "expiresAt", "usedAt", "failureCode")
       VALUES ($1, $2, $3, $4, 'nonce', '\\x00'::bytea, 'gallery', now() + interval '10 minutes', now(), $5)`,
      [id, invitationId, sha256(token()), sha256(token()), failureCode],
    );
    if (event)
      await db.query(
        `INSERT INTO "InvitationEvent" (id, "invitationId", type, "actorType", detail)
         VALUES ($1, $2, $3, 'InvitedUser', $4::jsonb)`,
        [randomUUID(), invitationId, event.type, JSON.stringify({ attemptId: id, ...event.detail })],
      );
  });
  return `/consent/done/${id}`;
}

const PROBLEMS = [
  "admin_approved",
  "admin_not_started",
  "admin_expired",
  "admin_replayed",
  "admin_other_browser",
  "admin_declined",
  "admin_failed",
  "admin_link_unknown",
  "missing_state",
  "state_invalid",
  "state_replayed",
  "state_expired",
  "other_browser",
  "unavailable",
  "error",
];

let pages: Pages;

test.beforeAll(async () => {
  const accepted = await invitation("Accepted");
  const revoked = await invitation("Revoked");
  const queued = await invitation("Queued");
  const passcode = await invitation("Accepted", "mail");
  const signedInAs = "someone-else@fabrikam.com";
  const consented = await attempt(accepted, null);
  pages = {
    "landing-ready": `/consent/i/${accepted}`,
    "landing-closed": `/consent/i/${queued}`,
    "landing-no-mailbox": `/consent/i/${passcode}`,
    "link-ready": await link(accepted, "ready"),
    "link-expired": await link(accepted, "expired"),
    "link-spent": await link(accepted, "spent"),
    "link-replaced": await link(accepted, "replaced"),
    "link-withdrawn": await link(accepted, "withdrawn"),
    "link-revoked": await link(revoked, "ready"),
    "link-unknown": `/consent/${token()}`,
    "done-consented": consented,
    "done-declined": await attempt(accepted, "declined"),
    "done-admin-approval": await attempt(accepted, "AADSTS90094"),
    "done-wrong-account": await attempt(accepted, "wrong_account", {
      type: "consent_wrong_account",
      detail: { signedInAs },
    }),
    "done-not-redeemed": await attempt(accepted, "not_redeemer", {
      type: "consent_not_redeemer",
      detail: { signedInAs, redemption: "not_redeemed" },
    }),
    "done-redeemed-by-other": await attempt(accepted, "not_redeemer", {
      type: "consent_not_redeemer",
      detail: { signedInAs, redemption: "redeemed_by_other" },
    }),
    "done-account-conflict": await attempt(accepted, "account_conflict", {
      type: "consent_account_conflict",
      detail: { signedInAs, conflict: "account_has_other_invitation" },
    }),
    "done-not-a-guest": await attempt(accepted, "AADSTS50020"),
    "done-unknown-error": await attempt(accepted, "AADSTS9999999"),
    "done-state-expired": await attempt(accepted, "state_expired"),
    disconnect: consented.replace("/consent/done/", "/consent/disconnect/"),
    ...Object.fromEntries(PROBLEMS.map((reason) => [`problem-${reason}`, `/consent/problem/${reason}`])),
  };
});

const CJK = /[\u4e00-\u9fff]/;

async function expectIn(page: Page, locale: "en" | "zh-CN") {
  await expect(page.locator("main")).toHaveAttribute("lang", locale);
  const title = page.getByRole("heading", { level: 1 });
  await expect(title).toBeVisible();
  // A Chinese page has a Chinese title; an English one none (a missing translation falls back to English).
  if (locale === "zh-CN") await expect(title).toHaveText(CJK);
  else await expect(title).not.toHaveText(CJK);
}

for (const locale of ["en", "zh-CN"] as const) {
  test(`every invited-person page in ${locale === "en" ? "English" : "Chinese"}, at 1280 and 390 px`, async ({
    page,
  }) => {
    test.setTimeout(240_000);
    for (const [name, path] of Object.entries(pages)) {
      await test.step(name, async () => {
        const response = await page.goto(`${path}${path.includes("?") ? "&" : "?"}lang=${locale}`);
        expect(response?.status(), name).toBeLessThan(500);
        await expectIn(page, locale);
        await shotAtBothWidths(page, `invitee-${name}-${locale}`);
      });
    }
  });
}
