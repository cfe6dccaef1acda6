// Screenshots the browser tests keep as artifacts of a run: test-results/screenshots/<name>.png
// (whole page), one per state a person sees, so a reviewer can look at what the tests looked at.
import path from "node:path";
import type { Page } from "@playwright/test";

export const SCREENSHOT_DIR = path.join("test-results", "screenshots");

export function shot(page: Page, name: string): Promise<Buffer> {
  return page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** The invited person's pages are kept at a desktop and a phone width: `<name>-desktop`, `<name>-phone`. */
export async function shotAtBothWidths(page: Page, name: string): Promise<void> {
  for (const [label, size] of [
    ["desktop", { width: 1280, height: 900 }],
    ["phone", { width: 390, height: 844 }],
  ] as const) {
    await page.setViewportSize(size);
    await shot(page, `${name}-${label}`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}
