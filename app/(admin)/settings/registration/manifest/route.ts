// GET /settings/registration/manifest: this deployment's app registration as an Entra app manifest (JSON), for admins (lib/registration/downloads.ts).
import { getStaffSession } from "@/lib/auth/session";
import { registrationDownload } from "@/lib/registration/downloads";
import { databaseUnavailableResponse, isDatabaseUnavailable } from "@/lib/shared/database-unavailable";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  try {
    return registrationDownload(await getStaffSession(), "manifest");
  } catch (error) {
    if (isDatabaseUnavailable(error)) return databaseUnavailableResponse();
    throw error;
  }
}
