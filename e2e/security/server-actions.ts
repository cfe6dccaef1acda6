// Calling server actions the way Next's client does, without a browser: POST to a page with the
// action id in `Next-Action` and the arguments encoded by React's own encodeReply.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { encodeReply } = require("next/dist/compiled/react-server-dom-turbopack/client.node.js") as {
  encodeReply(args: unknown[]): Promise<string | FormData>;
};

export interface ActionCall {
  /** Absolute URL of the page that hosts the action. */
  url: string;
  actionId: string;
  args: unknown[];
  cookie?: string;
  /** null sends no Origin header at all. Default: the page's own origin. */
  origin?: string | null;
}

export interface ActionAnswer {
  status: number;
  body: string;
  /** The `code` of an ActionResult failure found in the response, if any. */
  code: string | null;
  ok: boolean;
  redirect: string | null;
}

export async function callAction(call: ActionCall): Promise<ActionAnswer> {
  const encoded = await encodeReply(call.args);
  const headers: Record<string, string> = { Accept: "text/x-component", "Next-Action": call.actionId };
  const origin = call.origin === undefined ? new URL(call.url).origin : call.origin;
  if (origin !== null) headers.Origin = origin;
  if (call.cookie) headers.Cookie = call.cookie;
  if (typeof encoded === "string") headers["Content-Type"] = "text/plain;charset=UTF-8";
  const response = await fetch(call.url, { method: "POST", headers, body: encoded, redirect: "manual" });
  const body = await response.text();
  return {
    status: response.status,
    body,
    code: /"ok":false,"code":"(\w+)"/.exec(body)?.[1] ?? null,
    ok: /"ok":true/.test(body),
    redirect: response.headers.get("x-action-redirect") ?? response.headers.get("location"),
  };
}

function decodeEntities(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/**
 * Submits the page's own form for an action as a browser without JavaScript does (multipart, the
 * hidden $ACTION_ fields React renders). Needed for inline actions that close over page values:
 * Next encrypts those into the form, so a hand-made call cannot supply them.
 */
export async function submitActionForm(
  pageUrl: string,
  actionId: string,
  cookie?: string,
): Promise<ActionAnswer & { found: boolean }> {
  const page = await fetch(pageUrl, { headers: cookie ? { Cookie: cookie } : {}, redirect: "manual" });
  const html = await page.text();
  const form = [...html.matchAll(/<form[^>]*>([\s\S]*?)<\/form>/g)]
    .map((m) => m[1]!)
    .find((inner) => inner.includes(actionId));
  if (!form)
    return {
      status: page.status,
      body: html,
      code: null,
      ok: false,
      redirect: page.headers.get("location"),
      found: false,
    };
  const fields = new FormData();
  for (const input of form.matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?\/>/g))
    fields.append(decodeEntities(input[1]!), decodeEntities(input[2] ?? ""));
  const headers: Record<string, string> = { Origin: new URL(pageUrl).origin };
  if (cookie) headers.Cookie = cookie;
  const response = await fetch(pageUrl, { method: "POST", headers, body: fields, redirect: "manual" });
  const body = await response.text();
  return {
    status: response.status,
    body,
    code: null,
    ok: response.status < 400,
    redirect: response.headers.get("location"),
    found: true,
  };
}
