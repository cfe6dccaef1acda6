import { Badge, type BadgeTone } from "./badge";

// Keep in step with the InvitationStatus enum (prisma/schema.prisma).
const statusDisplay: Record<string, { label: string; tone: BadgeTone }> = {
  Queued: { label: "Queued", tone: "neutral" },
  Sending: { label: "Sending", tone: "progress" },
  PendingAcceptance: { label: "Pending acceptance", tone: "info" },
  Accepted: { label: "Accepted", tone: "progress" },
  Consented: { label: "Consented", tone: "success" },
  Failed: { label: "Failed", tone: "danger" },
  ConsentExpired: { label: "Consent expired", tone: "warning" },
  Revoked: { label: "Revoked", tone: "neutral" },
};

export function InvitationStatusBadge({ status }: { status: string }) {
  const display = statusDisplay[status] ?? { label: status, tone: "neutral" as const };
  return <Badge tone={display.tone}>{display.label}</Badge>;
}
