// A minimal browser for tests: drives the emulator's sign-in, consent and redemption pages with
// plain HTTPS requests (cookie jar, manual redirects, form posts), so code flows can be tested
// end to end without Chromium. It stops at the first hop that leaves the emulator.

export interface ScriptedUser {
  username: string;
  password: string;
  /** What to do on the consent page (default accept); "organization" ticks "on behalf of your organization". */
  consent?: "accept" | "cancel" | "organization";
  /** On "Need admin approval": return to the app (default) or stop there. */
  adminApproval?: "return" | "stop";
  /** Pick this already signed-in account (id) on the account picker instead of typing credentials. */
  pickAccountId?: string;
  /** On a redemption page for an address with no account: create it instead of signing in. */
  createInvitedAccount?: boolean;
}

export type ScriptedOutcome =
  /** The browser was sent to a URL outside the emulator (the app's redirect URI, inviteRedirectUrl…). */
  | { kind: "redirect"; url: URL }
  /** response_mode=form_post: the fields that would be posted to `action`. */
  | { kind: "formPost"; action: string; fields: Record<string, string> }
  /** The emulator showed an error page (e.g. AADSTS50020). */
  | { kind: "errorPage"; code: string; html: string }
  /** The emulator stopped on a page the script was told not to pass (admin approval, sign-in error). */
  | { kind: "page"; name: "signIn" | "adminApproval" | "consent" | "other"; html: string; error: string | null };

const attribute = (html: string, pattern: RegExp) => pattern.exec(html)?.[1];
const decode = (value: string) =>
  value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

export class ScriptedBrowser {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly emulatorOrigin: string) {}

  private async request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    if (init.form) headers["content-type"] = "application/x-www-form-urlencoded";
    const response = await fetch(url, {
      method: init.method ?? "GET",
      headers,
      body: init.form ? new URLSearchParams(init.form) : undefined,
      redirect: "manual",
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const [name, ...value] = pair!.split("=");
      if (/max-age=0/i.test(cookie)) this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value.join("="));
    }
    return response;
  }

  /** Opens a URL (an /authorize URL, a redemption link…) and plays the user until the flow leaves the emulator. */
  async run(url: string, user?: ScriptedUser): Promise<ScriptedOutcome> {
    let response = await this.request(url);
    let typedCredentials = false;
    for (let step = 0; step < 20; step++) {
      const location = response.headers.get("location");
      if (response.status >= 300 && response.status < 400 && location) {
        const next = new URL(location, url);
        if (next.origin !== this.emulatorOrigin) return { kind: "redirect", url: next };
        response = await this.request(next.toString());
        continue;
      }
      const html = await response.text();
      const errorCode = attribute(html, /data-error-code="([^"]+)"/);
      if (errorCode) return { kind: "errorPage", code: errorCode, html };
      if (html.includes('onload="document.forms[0].submit()"')) {
        const action = decode(attribute(html, /<form method="post" action="([^"]+)"/) ?? "");
        const fields: Record<string, string> = {};
        for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g))
          fields[decode(match[1]!)] = decode(match[2]!);
        return { kind: "formPost", action, fields };
      }
      const formError = attribute(html, /id="signin-error">([^<]*)</);
      const loginAction = attribute(html, /<form method="post" action="(\/login\/[^"/]+)">/);
      const consentAction = attribute(html, /<form method="post" action="(\/consent\/[^"]+)">/);
      if (html.includes('id="admin-approval-heading"')) {
        if (!user || user.adminApproval === "stop" || !consentAction)
          return { kind: "page", name: "adminApproval", html, error: null };
        response = await this.request(new URL(consentAction, this.emulatorOrigin).toString(), {
          method: "POST",
          form: { decision: "return" },
        });
        continue;
      }
      if (consentAction && html.includes('id="consent-accept"')) {
        if (!user) return { kind: "page", name: "consent", html, error: null };
        const decision = user.consent === "cancel" ? "cancel" : "accept";
        const form: Record<string, string> = { decision };
        if (user.consent === "organization") form.consent_for_organization = "true";
        response = await this.request(new URL(consentAction, this.emulatorOrigin).toString(), { method: "POST", form });
        continue;
      }
      if (loginAction) {
        if (!user || (typedCredentials && formError))
          return { kind: "page", name: "signIn", html, error: formError ? decode(formError) : null };
        if (user.pickAccountId && html.includes(`value="${user.pickAccountId}"`)) {
          response = await this.request(new URL(`${loginAction}/account`, this.emulatorOrigin).toString(), {
            method: "POST",
            form: { account: user.pickAccountId },
          });
          continue;
        }
        const createAction = attribute(html, /<form method="post" action="(\/redeem\/create-account\/[^"]+)">/);
        if (user.createInvitedAccount && createAction) {
          response = await this.request(new URL(createAction, this.emulatorOrigin).toString(), {
            method: "POST",
            form: {},
          });
          continue;
        }
        typedCredentials = true;
        response = await this.request(new URL(loginAction, this.emulatorOrigin).toString(), {
          method: "POST",
          form: { username: user.username, password: user.password },
        });
        continue;
      }
      return { kind: "page", name: "other", html, error: null };
    }
    throw new Error("ScriptedBrowser: too many steps");
  }
}
