"use server";
// Server actions for bulk invites (admin only). See docs/interfaces.md "Invitations".
import { runStaffAction } from "@/lib/actions/staff-action";
import { getStaffSession } from "@/lib/auth/session";
import {
  confirmBulkInviteAction,
  discardBulkInviteAction,
  resumeBulkInviteAction,
  startBulkInviteAction,
} from "@/lib/invitations/actions/bulk-upload";
import type { BulkPreview } from "@/lib/shared/invitations";
import type { ActionResult } from "@/lib/shared/action-result";

/** Upload form: FormData field "file" (a CSV) → the preview with per-row problems. */
export async function startBulkInvite(formData: FormData): Promise<ActionResult<BulkPreview>> {
  return runStaffAction(startBulkInviteAction, await getStaffSession(), formData);
}

/** Starts sending the previewed run's valid rows (in the worker). */
export async function confirmBulkInvite(runId: string): Promise<ActionResult<{ runId: string }>> {
  return runStaffAction(confirmBulkInviteAction, await getStaffSession(), runId);
}

/** Sends the never-tried rows of a run that stopped early, once the admin fixed the cause. */
export async function resumeBulkInvite(runId: string): Promise<ActionResult<{ runId: string }>> {
  return runStaffAction(resumeBulkInviteAction, await getStaffSession(), runId);
}

/** Removes an upload still awaiting confirmation (nothing of it was sent). */
export async function discardBulkInvite(runId: string): Promise<ActionResult<{ runId: string }>> {
  return runStaffAction(discardBulkInviteAction, await getStaffSession(), runId);
}
