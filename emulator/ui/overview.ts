// The overview page's HTML. (Placeholder until the full page lands.)
import type { EmulatorState } from "../state/store";
import { escapeHtml } from "./html";

export function renderOverview(state: EmulatorState, origin: string): string {
  const tenants = [...state.tenants.values()].map((tenant) => `<li>${escapeHtml(tenant.displayName)} <code>${tenant.id}</code></li>`).join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Guestpass emulator</title></head><body><h1>Guestpass emulator</h1><p>${escapeHtml(origin)}</p><ul>${tenants}</ul></body></html>`;
}
