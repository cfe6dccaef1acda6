// GET /settings/registration/script: this deployment's app registration as a Microsoft Graph PowerShell script, for admins (lib/registration/downloads.ts).
import { getStaffSession } from "@/lib/auth/session";
import { registrationDownload } from "@/lib/registration/downloads";
import { databaseUnavailableResponse, isDatabaseUnavailable } from "@/lib/shared/database-unavailable";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  try {
    return registrationDownload(await getStaffSession(), "script");
  } catch (error) {
    if (isDatabaseUnavailable(error)) return databaseUnavailableResponse();
    throw error;
  }
}
