import type { DecisionWorkspace } from "@/server/api/routers/decision";
import { stagingLine } from "@/domain/decisions/content";
import { Badge } from "../badge";
import { SPECIALTY_LABELS } from "@/domain/roles";
import { formatDateTime } from "../format";

/** Every version of a case's decision, newest first: who recorded and signed it, when, and what changed from the one before. */
export function DecisionHistory({ versions }: { versions: DecisionWorkspace["versions"] }) {
  if (versions.length === 0) return null;
  return (
    <section aria-labelledby="decision-history-heading" className="space-y-2">
      <h3 id="decision-history-heading" className="text-sm font-semibold">History</h3>
      <ol className="space-y-2" aria-label="Decision versions">
        {versions.map((v) => (
          <li key={v.id} className="rounded border border-slate-200 p-2 text-sm dark:border-slate-800">
            <div className="flex flex-wrap items-baseline gap-2">
              <strong>Version {v.version}</strong>
              <Badge tone={v.status === "SIGNED" ? "good" : "warn"}>{v.status === "SIGNED" ? "Signed" : "Draft"}</Badge>
              {v.quorate === false && (
                <Badge tone="warn">Without quorum: {v.quorumMissing.map((s) => SPECIALTY_LABELS[s]).join(", ")} absent</Badge>
              )}
              <span>{stagingLine(v.content)}</span>
              <span className="text-xs text-slate-600 dark:text-slate-400">
                Recorded by {v.recordedBy}, last saved {formatDateTime(v.updatedAt)}
                {v.signedBy && v.signedAt && ` · Signed by ${v.signedBy}, ${formatDateTime(v.signedAt)}`}
              </span>
            </div>
            {v.correctionReason && <p className="text-xs">Correction: {v.correctionReason}</p>}
            <p className="max-w-4xl">{v.content.recommendation || <span className="text-slate-500">No recommendation yet.</span>}</p>
            {v.changes.length > 0 && (
              <details className="mt-1">
                <summary className="cursor-pointer text-xs">
                  {v.version === 1 ? "What was recorded" : `What changed from version ${v.version - 1}`} ({v.changes.length} {v.changes.length === 1 ? "field" : "fields"})
                </summary>
                <table className="data-table mt-1" aria-label={`Changes in version ${v.version}`}>
                  <thead>
                    <tr>
                      <th scope="col">Field</th>
                      <th scope="col">Before</th>
                      <th scope="col">After</th>
                    </tr>
                  </thead>
                  <tbody>
                    {v.changes.map((c) => (
                      <tr key={c.field}>
                        <td>{c.label}</td>
                        <td className="text-slate-500">{c.before}</td>
                        <td>{c.after}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </details>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
