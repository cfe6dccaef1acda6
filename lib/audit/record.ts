import "server-only";
// Writes the audit log: every staff action (and security-relevant system action) with who, what
// role, which target, the outcome and a correlation id. The only writer of AuditLogEntry.
import { prisma } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import type { AuditAction, AuditTargetType } from "./actions";

export type AuditOutcomeName = "Success" | "Denied" | "Failed";
export type AuditActorType = "Staff" | "Worker" | "InvitedUser" | "System" | "ApiKey";

export interface AuditEntryInput {
  actorType: AuditActorType;
  actorId?: string | null;
  actorEmail?: string | null;
  /** The role the actor acted with, e.g. "Guestpass.Admin". */
  actorRole?: string | null;
  /** Verb in the domain's words: "invitation.create", "invitation.resend" (each with a label in actions.ts). */
  action: AuditAction;
  targetType?: AuditTargetType | null;
  targetId?: string | null;
  outcome: AuditOutcomeName;
  /** What staff need to read the entry later; never tokens or secrets. */
  detail?: Prisma.InputJsonValue;
  correlationId?: string | null;
}

type AuditWriter = Pick<Prisma.TransactionClient, "auditLogEntry">;

export async function recordAuditEntry(entry: AuditEntryInput, db: AuditWriter = prisma): Promise<{ id: string }> {
  return db.auditLogEntry.create({
    data: {
      actorType: entry.actorType,
      actorId: entry.actorId ?? null,
      actorEmail: entry.actorEmail ?? null,
      actorRole: entry.actorRole ?? null,
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      outcome: entry.outcome,
      detail: entry.detail,
      correlationId: entry.correlationId ?? null,
    },
    select: { id: true },
  });
}
