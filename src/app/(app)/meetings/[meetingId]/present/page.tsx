import type { Metadata } from "next";
import { formatDateTime } from "@/components/format";
import { Presentation } from "@/components/live/presentation";
import { Refused } from "@/components/refused";
import { roleAllowed } from "@/server/api/access";
import { createContext } from "@/server/api/context";
import { DECISION_POLICIES } from "@/server/api/routers/decision";
import { getApi, isRefusal, load } from "@/trpc/server";

export const metadata: Metadata = { title: "Presentation" };

/** Presentation mode and live follow: the same page for the presenter and for everyone following. */
export default async function PresentPage({ params }: { params: Promise<{ meetingId: string }> }) {
  const { meetingId } = await params;
  const api = await getApi();
  const agenda = await load(() => api.meeting.agenda({ meetingId }));
  if (isRefusal(agenda)) return <Refused message={agenda.message} />;
  const [state, { user }] = await Promise.all([api.live.state({ meetingId }), createContext()]);
  if (!user) return <Refused message="Please sign in." />;
  if (agenda.items.length === 0) return <p className="text-sm">There are no cases on this agenda to present.</p>;

  return (
    <Presentation
      meetingId={meetingId}
      title={`${agenda.board.name} — ${formatDateTime(agenda.startsAt)}`}
      items={agenda.items.map((i) => ({
        id: i.id,
        caseId: i.caseId,
        position: i.position,
        minutesBudget: i.minutesBudget,
        clinicalQuestion: i.clinicalQuestion,
        questionType: i.questionType,
        urgency: i.urgency,
        patient: i.patient,
        condition: i.condition,
      }))}
      // The decision side panel is offered from the decision procedures' own policies, as the guard applies them.
      me={{ id: user.id, name: user.name, canPresent: agenda.can.present, recordDecision: roleAllowed(DECISION_POLICIES.save, user.role), signDecision: roleAllowed(DECISION_POLICIES.sign, user.role) }}
      initial={state}
    />
  );
}
