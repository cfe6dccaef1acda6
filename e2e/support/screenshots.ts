// Screenshots the browser tests keep as artifacts of a run: test-results/screenshots/<name>.png
// (whole page), one per state a person sees, so a reviewer can look at what the tests looked at.
import path from "node:path";
import type { Page } from "@playwright/test";

export const SCREENSHOT_DIR = path.join("test-results", "screenshots");

export function shot(page: Page, name: string): Promise<Buffer> {
  return page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}
