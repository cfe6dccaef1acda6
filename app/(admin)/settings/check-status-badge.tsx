import { Badge, type BadgeTone } from "@/components/badge";
import { CHECK_STATUS_LABELS, type CheckStatus } from "@/lib/shared/registration";

const TONES: Record<CheckStatus, BadgeTone> = { pass: "success", warn: "warning", fail: "danger", info: "neutral" };

export function CheckStatusBadge({ status }: { status: CheckStatus }) {
  return <Badge tone={TONES[status]}>{CHECK_STATUS_LABELS[status]}</Badge>;
}
