"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { errorMessage } from "@/components/error-message";
import { SPECIALTIES, SPECIALTY_LABELS, type SpecialtyName } from "@/domain/roles";
import { useTRPC } from "@/trpc/react";

/** "3, 6, 12" -> [3, 6, 12]; what is not a number is kept as NaN for the server to name. */
const parseMonths = (text: string) => text.split(/[,\s]+/).filter(Boolean).map(Number);

/** The chair ticks the specialties that make the board's quorum, sets the referral cut-off and the outcome schedule. */
export function BoardSettingsForm(props: { boardId: string; quorumSpecialties: SpecialtyName[]; referralCutoffHours: number; treatmentStartWeeks: number; followUpMonths: number[]; guestsCountTowardsQuorum: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const save = useMutation(trpc.board.updateSettings.mutationOptions());
  const [quorum, setQuorum] = useState<SpecialtyName[]>(props.quorumSpecialties);
  const [cutoff, setCutoff] = useState(String(props.referralCutoffHours));
  const [weeks, setWeeks] = useState(String(props.treatmentStartWeeks));
  const [months, setMonths] = useState(props.followUpMonths.join(", "));
  const [guestsCount, setGuestsCount] = useState(props.guestsCountTowardsQuorum);
  const [message, setMessage] = useState<{ alert: boolean; text: string } | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      await save.mutateAsync({ boardId: props.boardId, quorumSpecialties: SPECIALTIES.filter((s) => quorum.includes(s)), referralCutoffHours: Number(cutoff), treatmentStartWeeks: Number(weeks), followUpMonths: parseMonths(months), guestsCountTowardsQuorum: guestsCount });
      setMessage({ alert: false, text: "Settings saved." });
      router.refresh();
    } catch (error) {
      setMessage({ alert: true, text: errorMessage(error, "The settings were not saved; try again.") });
    }
  }

  return (
    <form onSubmit={submit} aria-label="Board settings" className="space-y-2">
      <fieldset>
        <legend className="label">Specialties required for a quorum</legend>
        <div className="flex flex-wrap gap-3 text-sm">
          {SPECIALTIES.filter((s) => s !== "OTHER").map((s) => (
            <label key={s} className="flex items-center gap-1">
              <input type="checkbox" checked={quorum.includes(s)} onChange={(e) => setQuorum((q) => (e.target.checked ? [...q, s] : q.filter((x) => x !== s)))} />
              {SPECIALTY_LABELS[s]}
            </label>
          ))}
        </div>
      </fieldset>
      <label className="flex items-center gap-1 text-sm">
        <input type="checkbox" checked={guestsCount} onChange={(e) => setGuestsCount(e.target.checked)} />
        Meeting guests count towards the quorum (by the specialty given when invited)
      </label>
      <div className="w-64">
        <label className="label" htmlFor="cutoff">Referrals close (hours before a meeting)</label>
        <input id="cutoff" type="number" min={0} max={336} className="field" value={cutoff} onChange={(e) => setCutoff(e.target.value)} />
      </div>
      <fieldset className="flex flex-wrap gap-3">
        <legend className="label">Outcome schedule of each signed decision</legend>
        <div className="w-64">
          <label className="label" htmlFor="treatment-start-weeks">Treatment start expected within (weeks)</label>
          <input id="treatment-start-weeks" type="number" min={1} max={52} className="field" value={weeks} onChange={(e) => setWeeks(e.target.value)} />
        </div>
        <div className="w-64">
          <label className="label" htmlFor="follow-up-months">Follow-up status at (months)</label>
          <input id="follow-up-months" className="field" inputMode="numeric" placeholder="3, 6, 12, 24, 60" value={months} onChange={(e) => setMonths(e.target.value)} />
        </div>
      </fieldset>
      <div className="flex items-center gap-2">
        <button type="submit" className="btn-primary" disabled={save.isPending}>Save settings</button>
        {message && <p role={message.alert ? "alert" : "status"} className="text-sm">{message.text}</p>}
      </div>
    </form>
  );
}
