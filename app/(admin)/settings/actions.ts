"use server";
// Settings → Registration: "Run check" (admin). Finds the session and runs the action definition
// (validate → authorize → do → audit → typed result).
import { runStaffAction } from "@/lib/actions/staff-action";
import { getStaffSession } from "@/lib/auth/session";
import { runRegistrationCheckAction } from "@/lib/registration/check-action";
import type { ActionResult } from "@/lib/shared/action-result";
import type { RegistrationCheckRan } from "@/lib/shared/registration";

export async function runRegistrationCheck(): Promise<ActionResult<RegistrationCheckRan>> {
  return runStaffAction(runRegistrationCheckAction, await getStaffSession(), null);
}
