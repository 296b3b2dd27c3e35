import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/badge";
import { enumLabel, formatDate, formatDateTime, patientName } from "@/components/format";
import { Refused } from "@/components/refused";
import { getApi, isRefusal, load } from "@/trpc/server";
import { ReferralForm } from "./referral-form";

export const metadata: Metadata = { title: "Referrals" };

export default async function ReferralsPage() {
  const api = await getApi();
  const mine = await load(() => api.referral.mine());
  if (isRefusal(mine)) return <Refused message={mine.message} />;
  const boards = await api.board.mine();

  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Referrals</h1>
      <section className="card" aria-labelledby="new-referral-heading">
        <h2 id="new-referral-heading" className="mb-2 text-base font-semibold">Refer a patient</h2>
        {boards.length ? <ReferralForm boards={boards.map((b) => ({ id: b.id, name: b.name, tumourSite: b.tumourSite }))} /> : <p className="text-sm">You are not a member of any board.</p>}
      </section>
      <section className="card" aria-labelledby="my-referrals-heading">
        <h2 id="my-referrals-heading" className="mb-2 text-base font-semibold">My referrals</h2>
        {mine.length === 0 ? (
          <p className="text-sm text-slate-500">None yet.</p>
        ) : (
          <table className="data-table" aria-label="My referrals">
            <thead>
              <tr>
                <th scope="col">Referred</th>
                <th scope="col">Patient</th>
                <th scope="col">Board</th>
                <th scope="col">Question</th>
                <th scope="col">Where it stands</th>
              </tr>
            </thead>
            <tbody>
              {mine.map((r) => (
                <tr key={r.caseId}>
                  <td>{formatDate(r.referredAt)}</td>
                  <td><Link className="link" href={`/cases/${r.caseId}`}>{patientName(r.patient)}</Link> {r.urgency === "URGENT" && <Badge tone="warn">Urgent</Badge>}</td>
                  <td>{r.boardName}</td>
                  <td>{enumLabel(r.questionType)}</td>
                  <td>
                    {r.meeting ? <Link className="link" href={`/meetings/${r.meeting.id}`}>On the agenda of {formatDateTime(r.meeting.startsAt)}</Link> : <Badge>{enumLabel(r.status)}</Badge>}
                    {r.waitingReason && <div className="text-xs text-slate-500">{r.waitingReason}</div>}
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
