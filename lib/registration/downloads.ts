import "server-only";
// GET /settings/registration/manifest and /script: this deployment's app manifest (JSON) and the
// Microsoft Graph PowerShell script that creates the registration, for admins. No secret is in
// either (the script makes its own secret only when asked, on the admin's machine).
import { canManageSettings, isStaff, type StaffSession } from "@/lib/auth/permissions";
import { deploymentRegistration } from "./deployment";
import { appManifest, powerShellScript } from "./manifest";

const words = (status: number, message: string) =>
  new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });

export function registrationDownload(staff: StaffSession | null, kind: "manifest" | "script"): Response {
  if (!staff) return words(401, "Sign in to download the app registration.");
  if (!isStaff(staff) || !canManageSettings(staff))
    return words(403, "Only Guestpass administrators can download the app registration.");
  const deployment = deploymentRegistration();
  if (kind === "manifest") {
    return new Response(`${JSON.stringify(appManifest(deployment), null, 2)}\n`, {
      headers: {
        "Content-Type": "application/json; charset=utf-8",
        "Content-Disposition": 'attachment; filename="guestpass-app-manifest.json"',
        "Cache-Control": "no-store",
      },
    });
  }
  return new Response(powerShellScript(deployment), {
    headers: {
      "Content-Type": "text/plain; charset=utf-8",
      "Content-Disposition": 'attachment; filename="guestpass-registration.ps1"',
      "Cache-Control": "no-store",
    },
  });
}
