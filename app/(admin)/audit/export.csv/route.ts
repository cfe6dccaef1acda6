// GET /audit/export.csv?<the page's filter>: the filtered audit log as CSV (lib/audit/export.ts),
// for the same staff who may open the page.
import { getStaffSession } from "@/lib/auth/session";
import { exportAuditLog } from "@/lib/audit/export";
import { databaseUnavailableResponse, isDatabaseUnavailable } from "@/lib/shared/database-unavailable";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  try {
    return await exportAuditLog(await getStaffSession(), new URL(request.url).searchParams);
  } catch (error) {
    // During a database outage: a 503 that says so, not an empty or broken file.
    if (isDatabaseUnavailable(error)) return databaseUnavailableResponse();
    throw error;
  }
}
