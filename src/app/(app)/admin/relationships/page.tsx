import type { Metadata } from "next";
import { ReviewRelationshipButton } from "@/components/admin/review-relationship-button";
import { Badge } from "@/components/badge";
import { formatDateTime } from "@/components/format";
import { Refused } from "@/components/refused";
import { RELATIONSHIP_LABELS } from "@/domain/referrals/outside-patients";
import { ROLE_LABELS } from "@/domain/roles";
import { getApi, isRefusal, load } from "@/trpc/server";

export const metadata: Metadata = { title: "Declared relationships" };

/** The privacy officer's list: every referral of another board's patient rests on a declaration reviewed here. */
export default async function RelationshipsPage() {
  const api = await getApi();
  const rows = await load(() => api.admin.relationships({ pendingOnly: false }));
  if (isRefusal(rows)) return <Refused message={rows.message} />;
  const pending = rows.filter((r) => !r.reviewedAt).length;
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Declared relationships</h1>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        A clinician who refers a patient with no case on any of their boards declares their treatment relationship. Check each one against the hospital&apos;s records and mark it
        reviewed. {pending ? `${pending} to review.` : "Nothing to review."}
      </p>
      <section className="card overflow-x-auto">
        {rows.length === 0 ? (
          <p className="text-sm text-slate-500">No declarations yet.</p>
        ) : (
          <table className="data-table" aria-label="Declared relationships">
            <thead>
              <tr><th scope="col">Declared</th><th scope="col">By</th><th scope="col">Patient (MRN)</th><th scope="col">Referred to</th><th scope="col">Relationship</th><th scope="col">Review</th></tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>{formatDateTime(r.declaredAt)}</td>
                  <td>{r.declaredBy.name} ({ROLE_LABELS[r.declaredBy.role].toLowerCase()}, {r.declaredBy.email})</td>
                  <td>{r.patientMrn}</td>
                  <td>{r.boardName}</td>
                  <td>{RELATIONSHIP_LABELS[r.kind].replace(" …", "")}{r.statement && `: ${r.statement}`}</td>
                  <td>
                    {r.reviewedAt ? (
                      <Badge tone="good">Reviewed {formatDateTime(r.reviewedAt)}{r.reviewedBy && ` by ${r.reviewedBy}`}</Badge>
                    ) : (
                      <ReviewRelationshipButton relationshipId={r.id} label={`Mark reviewed: ${r.declaredBy.name}, MRN ${r.patientMrn}`} />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
