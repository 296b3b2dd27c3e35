import { Badge } from "@/components/badge";

const TONE = { READY: "good", STALE: "warn", NOT_READY: "bad" } as const;
const TEXT = { READY: "Ready", STALE: "Out of date", NOT_READY: "Not ready" } as const;
export const STATE_TONE = { CURRENT: "good", STALE: "warn", MISSING: "bad" } as const;
export const STATE_TEXT = { CURRENT: "Current", STALE: "Stale", MISSING: "Missing" } as const;

/** The case's readiness at a glance: colour and word, never colour alone. */
export function ReadinessBadge({ status, missing, stale }: { status: keyof typeof TONE; missing?: number; stale?: number }) {
  const extra = status === "NOT_READY" && missing ? ` · ${missing} missing` : status === "STALE" && stale ? ` · ${stale} stale` : "";
  return <Badge tone={TONE[status]}>{TEXT[status]}{extra}</Badge>;
}
