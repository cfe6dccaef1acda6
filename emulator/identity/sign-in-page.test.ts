// The sign-in page tells a demo user the demo password (instead of pointing to a file), and only
// while the emulator holds accounts that sign in with it.
import { describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../state/default-scenario";
import { controlledTestEmulator } from "../test-support";
import { APP_URL, authorizeUrl } from "./flow-helpers.test-support";
import { ScriptedBrowser } from "./scripted-browser";

const t = controlledTestEmulator({ appUrl: APP_URL });

async function signInPageHtml(): Promise<string> {
  const outcome = await new ScriptedBrowser(t.emulator.url).run(authorizeUrl(t.emulator, "common"));
  if (outcome.kind !== "page" || outcome.name !== "signIn")
    throw new Error(`expected the sign-in page, got ${outcome.kind}`);
  return outcome.html;
}

describe("the sign-in page's demo password hint", () => {
  it("shows the demo password with the demo scenario's accounts", async () => {
    const html = await signInPageHtml();
    expect(html).toMatch(
      new RegExp(
        `id="demo-password-hint">[^<]*admin@contoso\\.com[^]*<code>${DEMO_PASSWORD.replace("!", "\\!")}</code>`,
      ),
    );
    expect(html).not.toContain("emulator/README.md");
  });

  it("shows no password once no account signs in with the demo password", async () => {
    for (const user of await t.control.listUsers()) {
      if (user.password === DEMO_PASSWORD) await t.control.updateUser(user.id, { password: "A-scenario-of-its-own-1" });
    }
    const html = await signInPageHtml();
    expect(html).not.toContain("demo-password-hint");
    expect(html).not.toContain(DEMO_PASSWORD);
  });
});
