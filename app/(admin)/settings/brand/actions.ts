"use server";
// Settings → Brand: finds the session and runs the definition (validate → authorize → do → audit →
// typed result) from lib/brand.
import { runStaffAction } from "@/lib/actions/staff-action";
import { getStaffSession } from "@/lib/auth/session";
import { saveBrandAction } from "@/lib/brand/actions";
import type { ActionResult } from "@/lib/shared/action-result";
import type { BrandSaved } from "@/lib/shared/brand";

export async function saveBrand(form: FormData): Promise<ActionResult<BrandSaved>> {
  return runStaffAction(saveBrandAction, await getStaffSession(), form);
}
