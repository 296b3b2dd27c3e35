import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/badge";
import { enumLabel, formatDate, formatDateTime, patientName } from "@/components/format";
import { patientIdentifiers } from "@/components/patient-identifiers";
import { ReadinessBadge } from "@/components/readiness/readiness-badge";
import { RuleEditor } from "@/components/readiness/rule-editor";
import { Refused } from "@/components/refused";
import { ROLE_LABELS, SPECIALTY_LABELS } from "@/domain/roles";
import { getApi, isRefusal, load } from "@/trpc/server";
import { BoardSettingsForm } from "./board-settings-form";

export const metadata: Metadata = { title: "Board" };

export default async function BoardPage({ params }: { params: Promise<{ boardId: string }> }) {
  const { boardId } = await params;
  const api = await getApi();
  const board = await load(() => api.board.get({ boardId }));
  if (isRefusal(board)) return <Refused message={board.message} />;
  const waiting = await api.board.waitingList({ boardId });
  const isChair = board.can.editBoardSettings;
  const completeness = board.outcomeCompleteness;

  return (
    <div className="space-y-4">
      <div>
        <p className="text-sm"><Link className="link" href="/boards">Boards</Link> /</p>
        <h1 className="text-xl font-semibold">{board.name}</h1>
      </div>

      <section className="card space-y-2" aria-labelledby="settings-heading">
        <h2 id="settings-heading" className="text-base font-semibold">Quorum, referrals and follow-up</h2>
        {isChair ? (
          <BoardSettingsForm
            boardId={board.id}
            quorumSpecialties={board.quorumSpecialties}
            referralCutoffHours={board.referralCutoffHours}
            treatmentStartWeeks={board.treatmentStartWeeks}
            followUpMonths={board.followUpMonths}
            guestsCountTowardsQuorum={board.guestsCountTowardsQuorum}
          />
        ) : (
          <p className="text-sm">
            Quorum: {board.quorumSpecialties.map((s) => SPECIALTY_LABELS[s]).join(", ") || "none"} · referrals close {board.referralCutoffHours} hours before a meeting · outcomes due at treatment start (within{" "}
            {board.treatmentStartWeeks} weeks), then at {board.followUpMonths.join(", ")} months.
          </p>
        )}
      </section>

      <section className="card space-y-1" aria-labelledby="completeness-heading">
        <h2 id="completeness-heading" className="text-base font-semibold">Outcome completeness</h2>
        <p className="text-sm">
          {completeness.share === null ? (
            "No living patients with a signed decision yet."
          ) : (
            <>
              <span className="text-lg font-semibold" aria-label="Share with a recent outcome">{Math.round(completeness.share * 100)}%</span>{" "}
              of living patients ({completeness.withRecentStatus} of {completeness.living}) have an outcome recorded in the last {completeness.months} months.
            </>
          )}
        </p>
        <p className="text-xs text-slate-500">
          Living patients: a signed decision, not dead, not lost to follow-up. <Link className="link" href={`/outcomes?board=${board.id}&followUp=due`}>Cases with an outcome due</Link>
        </p>
      </section>

      <section className="card space-y-2" aria-labelledby="rules-heading">
        <h2 id="rules-heading" className="text-base font-semibold">Readiness rules</h2>
        <p className="text-xs text-slate-500">
          {board.readiness.version === 0
            ? "No rules yet."
            : `Version ${board.readiness.version}${board.readiness.createdBy ? `, saved by ${board.readiness.createdBy}` : ""}${board.readiness.createdAt ? ` on ${formatDateTime(board.readiness.createdAt)}` : ""}.`}
        </p>
        <RuleEditor boardId={board.id} version={board.readiness.version} rules={board.readiness.rules} canEdit={isChair} />
      </section>

      <section className="card space-y-2" aria-labelledby="board-waiting-heading">
        <h2 id="board-waiting-heading" className="text-base font-semibold">Waiting list</h2>
        {waiting.length === 0 ? (
          <p className="text-sm text-slate-500">No referred cases are waiting.</p>
        ) : (
          <table className="data-table" aria-label="Waiting list">
            <thead>
              <tr>
                <th scope="col">Referred</th>
                <th scope="col">Patient</th>
                <th scope="col">Question</th>
                <th scope="col">Readiness</th>
                <th scope="col">Why waiting</th>
              </tr>
            </thead>
            <tbody>
              {waiting.map((c) => (
                <tr key={c.caseId}>
                  <td>{formatDate(c.referredAt)}</td>
                  <td>
                    <Link className="link" href={`/cases/${c.caseId}`}>{patientName(c.patient)}</Link> {c.urgency === "URGENT" && <Badge tone="warn">Urgent</Badge>}
                    <div className="text-xs text-slate-500">{patientIdentifiers(c.patient)}</div>
                  </td>
                  <td>{enumLabel(c.questionType)}: {c.clinicalQuestion}</td>
                  <td><ReadinessBadge status={c.readiness} /></td>
                  <td className="text-xs">{c.waitingReason ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="card" aria-labelledby="members-heading">
        <h2 id="members-heading" className="mb-2 text-base font-semibold">Members</h2>
        <ul className="text-sm">
          {board.members.map((m) => (
            <li key={m.id}>{m.name} · {ROLE_LABELS[m.role]}{m.specialty ? `, ${SPECIALTY_LABELS[m.specialty]}` : ""}</li>
          ))}
        </ul>
      </section>
    </div>
  );
}
