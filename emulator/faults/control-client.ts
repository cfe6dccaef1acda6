// Typed calls to the fault layer's control routes; EmulatorControl (control/client.ts) exposes
// them, and they work on their own given the control URL and token.
import type { CountersSnapshot } from "./counters";
import type { FaultSettings, FaultSettingsInput, LimitSettings, LimitSettingsPatch } from "./settings";

export class FaultControl {
  constructor(
    private readonly controlUrl: string,
    private readonly controlToken: string,
  ) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.controlUrl.replace(/\/$/, "")}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.controlToken}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`control ${method} ${path} answered ${response.status}: ${await response.text()}`);
    return (response.status === 204 ? undefined : await response.json()) as T;
  }

  /** Current fault rules and the seed in use. */
  getFaults(): Promise<FaultSettings & { seed: number }> {
    return this.call("GET", "/faults");
  }

  /** Replaces the fault rules (latency, 5xx, resets, stalls); pass a seed to replay a run exactly. */
  setFaults(settings: FaultSettingsInput): Promise<FaultSettings & { seed: number }> {
    return this.call("PUT", "/faults", settings);
  }

  getLimits(): Promise<LimitSettings> {
    return this.call("GET", "/limits");
  }

  /** Changes some throttling limits (null turns one off); the windows start afresh. */
  setLimits(patch: LimitSettingsPatch): Promise<LimitSettings> {
    return this.call("PATCH", "/limits", patch);
  }

  /** Calls, 429s, injected 5xx/resets/stalls per route since the last reset. */
  getCounters(): Promise<CountersSnapshot> {
    return this.call("GET", "/counters");
  }

  resetCounters(): Promise<void> {
    return this.call("DELETE", "/counters");
  }

  /** Microsoft's documented limits, no faults, zero counters. */
  resetFaults(): Promise<void> {
    return this.call("POST", "/faults/reset");
  }
}
