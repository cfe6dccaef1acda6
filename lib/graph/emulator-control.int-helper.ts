// Minimal access to the emulator's control API for lib/ integration tests (bearer token from the
// environment the integration global setup exports). Kept tiny on purpose: the typed
// EmulatorControl client (emulator/control/client.ts) replaces it once it lands.
export interface RequestLogEntry {
  id: number;
  method: string;
  url: string;
  status: number;
  area: string;
  appId: string | null;
  errorCode: string | null;
}

export interface RouteCounters {
  calls: number;
  throttled: number;
  serverErrors: number;
  connectionResets: number;
  stalls: number;
}

async function control<T>(method: string, path: string, body?: unknown): Promise<T> {
  const base = process.env.EMULATOR_CONTROL_URL;
  const token = process.env.EMULATOR_CONTROL_TOKEN;
  if (!base || !token) throw new Error("EMULATOR_CONTROL_URL / EMULATOR_CONTROL_TOKEN missing: run with the integration project's global setup.");
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`control ${method} ${path}: HTTP ${response.status} ${await response.text()}`);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

export const emulatorControl = {
  requests: () => control<RequestLogEntry[]>("GET", "/requests"),
  setFaults: (settings: unknown) => control<unknown>("PUT", "/faults", settings),
  setLimits: (patch: unknown) => control<unknown>("PATCH", "/limits", patch),
  counters: () => control<{ routes: Record<string, RouteCounters> }>("GET", "/counters"),
  resetFaults: () => control<void>("POST", "/faults/reset"),
};
