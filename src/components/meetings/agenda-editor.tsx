"use client";

import { closestCenter, DndContext, DragOverlay, KeyboardSensor, PointerSensor, useSensor, useSensors, type DragEndEvent, type DragStartEvent } from "@dnd-kit/core";
import { arrayMove, SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRef, useState, type KeyboardEvent } from "react";
import { Badge } from "@/components/badge";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { ageInYears, enumLabel, formatTime, patientName, SEX_SHORT } from "@/components/format";
import { patientIdentifiers } from "@/components/patient-identifiers";
import { ReadinessBadge, STATE_TONE } from "@/components/readiness/readiness-badge";
import { agendaReadinessSummary } from "@/domain/agenda/readiness-summary";
import { caseStartTimes } from "@/domain/agenda/time-budget";
import { SPECIALTY_LABELS } from "@/domain/roles";
import type { Agenda } from "@/server/api/routers/meeting";
import { useTRPC } from "@/trpc/react";
import { errorText, isConflict } from "./error-text";

type Item = Agenda["items"][number];
type Message = { tone: "status" | "alert"; text: string } | null;

function TimeBudget({ budget, editable }: { budget: Agenda["budget"]; editable: boolean }) {
  const over = budget.overrunMinutes > 0;
  return (
    <div className="w-72">
      <p className="text-xs text-slate-600 dark:text-slate-400" id="time-budget-label">
        Planned {budget.plannedMinutes} of {budget.meetingMinutes} minutes{over ? ` — ${budget.overrunMinutes} over` : ""}
      </p>
      <div role="progressbar" aria-labelledby="time-budget-label" aria-valuemin={0} aria-valuemax={budget.meetingMinutes} aria-valuenow={budget.plannedMinutes} className="mt-1 h-2 rounded bg-slate-200 dark:bg-slate-800">
        <div className={`h-2 rounded ${over ? "bg-rose-600" : "bg-sky-600"}`} style={{ width: `${Math.min(100, budget.fill * 100)}%` }} />
      </div>
      {over && editable && <p className="mt-1 text-xs font-medium text-rose-700 dark:text-rose-400">Over time: shorten cases or move some to the next meeting.</p>}
    </div>
  );
}

function MinutesField({ item, disabled, onCommit }: { item: Item; disabled: boolean; onCommit: (minutes: number) => void }) {
  const [value, setValue] = useState(String(item.minutesBudget));
  const [shown, setShown] = useState(item.minutesBudget);
  if (shown !== item.minutesBudget) {
    setShown(item.minutesBudget);
    setValue(String(item.minutesBudget));
  }
  // Enter commits, and so does the blur that follows when the field is disabled while saving: send each value once.
  const sent = useRef<number | null>(null);
  const commit = () => {
    const n = Number(value);
    if (Number.isInteger(n) && n !== item.minutesBudget) {
      if (sent.current === n) return;
      sent.current = n;
      onCommit(n);
    } else {
      sent.current = null;
      setValue(String(item.minutesBudget));
    }
  };
  return (
    <input
      type="number"
      min={1}
      max={120}
      className="field w-16"
      aria-label={`Minutes for ${patientName(item.patient)}`}
      value={value}
      disabled={disabled}
      onChange={(e) => setValue(e.target.value)}
      onBlur={commit}
      onKeyDown={(e: KeyboardEvent) => e.key === "Enter" && commit()}
    />
  );
}

function Row(props: {
  item: Item;
  index: number;
  count: number;
  /** "14:30": when the case starts if the meeting runs to plan. */
  startsAt: string;
  meetingId: string;
  canEdit: boolean;
  busy: boolean;
  reason: string | undefined;
  onMove: (from: number, to: number) => void;
  /** Only pending cases trade places: a case discussed at this meeting keeps its place in the record. */
  canMoveUp: boolean;
  canMoveDown: boolean;
  onMinutes: (item: Item, minutes: number) => void;
  onRemove: (item: Item) => void;
  onRequest: (item: Item, key: string) => void;
}) {
  const { item, index, canEdit, busy } = props;
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({ id: item.id, disabled: !canEdit || item.status !== "PENDING" });
  const name = patientName(item.patient);
  // The row makes room where it would land; the overlay (DragOverlay below) is what follows the pointer.
  const style = { transform: CSS.Translate.toString(transform), transition };
  const open = item.readiness.items.filter((i) => i.state !== "CURRENT");
  return (
    <tr ref={setNodeRef} style={style} className={isDragging ? "bg-sky-50 opacity-40 dark:bg-sky-950" : undefined}>
      <td className="whitespace-nowrap">
        {canEdit && item.status === "PENDING" && (
          <button type="button" className="mr-1 cursor-grab rounded px-1 text-slate-500 hover:bg-slate-100 dark:hover:bg-slate-800" aria-label={`Drag to reorder ${name}`} {...attributes} {...listeners}>
            ⠿
          </button>
        )}
        {index + 1}
      </td>
      <td className="whitespace-nowrap tabular-nums">{props.startsAt}</td>
      <td>
        <Link className="link font-medium" href={`/cases/${item.caseId}?meeting=${props.meetingId}`}>{name}</Link>
        <div className="text-xs text-slate-500">
          {patientIdentifiers(item.patient)} ({ageInYears(item.patient.birthDate)} {SEX_SHORT[item.patient.sex]})
        </div>
        {item.waitingReason && <div className="text-xs text-amber-800 dark:text-amber-300">{item.waitingReason}</div>}
      </td>
      <td>
        {item.condition ? (
          <>
            {item.condition.morphologyDisplay}
            <div className="text-xs text-slate-500">{item.condition.topographyDisplay}</div>
          </>
        ) : "—"}
      </td>
      <td className="max-w-sm">
        <span className="text-xs font-semibold text-slate-500">{enumLabel(item.questionType)}: </span>
        {item.clinicalQuestion}
        <div className="text-xs text-slate-500">Referred by {item.referrerName}</div>
      </td>
      <td>{item.urgency === "URGENT" ? <Badge tone="warn">Urgent</Badge> : <span className="text-slate-500">Routine</span>}</td>
      <td className="min-w-48">
        <ReadinessBadge status={item.readiness.status} missing={item.readiness.missing} stale={item.readiness.stale} />
        {open.length > 0 && (
          <ul className="mt-1 space-y-0.5 text-xs" aria-label={`Readiness of ${name}`}>
            {open.map((i) => (
              <li key={i.key} className="flex flex-wrap items-center gap-1">
                <Badge tone={STATE_TONE[i.state]}>{i.state === "MISSING" ? "Missing" : "Stale"}</Badge>
                <span title={i.detail}>{i.label}</span>
                <span className="text-slate-500">({SPECIALTY_LABELS[i.responsibleSpecialty]})</span>
                {i.requested ? (
                  <Badge tone="info">Requested</Badge>
                ) : (
                  canEdit && (
                    <button type="button" className="link text-xs" disabled={busy} onClick={() => props.onRequest(item, i.key)} aria-label={`Request ${i.label} for ${name}`}>
                      Request
                    </button>
                  )
                )}
              </li>
            ))}
          </ul>
        )}
      </td>
      <td>{canEdit && item.status === "PENDING" ? <MinutesField item={item} disabled={busy} onCommit={(m) => props.onMinutes(item, m)} /> : item.minutesBudget}</td>
      <td>
        {item.latestDecision ? (
          <Badge tone={item.latestDecision.status === "SIGNED" ? "good" : "warn"}>
            {item.latestDecision.status === "SIGNED" ? "Signed" : "Draft"}
            {item.latestDecision.stageGroup ? ` · ${item.latestDecision.stageGroup}` : ""}
          </Badge>
        ) : item.status === "DEFERRED" ? (
          <Badge tone="warn" label={`Moved: ${item.deferredReason ?? ""}`}>Moved</Badge>
        ) : (
          <span className="text-slate-500">Pending</span>
        )}
        {item.status === "DEFERRED" && item.deferredReason && <div className="text-xs text-slate-500">{item.deferredReason}</div>}
        {props.reason && <div className="text-xs text-slate-500" title="Why the suggested order puts it here">{props.reason}</div>}
      </td>
      {canEdit && (
        <td className="whitespace-nowrap">
          {item.status === "PENDING" && (
            <>
              <button type="button" className="btn px-1.5" disabled={busy || !props.canMoveUp} onClick={() => props.onMove(index, index - 1)} aria-label={`Move ${name} up`}>↑</button>{" "}
              <button type="button" className="btn px-1.5" disabled={busy || !props.canMoveDown} onClick={() => props.onMove(index, index + 1)} aria-label={`Move ${name} down`}>↓</button>{" "}
              <button type="button" className="btn px-1.5" disabled={busy} onClick={() => props.onRemove(item)} aria-label={`Remove ${name} from the agenda`}>✕</button>
            </>
          )}
        </td>
      )}
    </tr>
  );
}

/**
 * The chair's agenda: drag (mouse or keyboard) or the arrow buttons to reorder, minutes per case against the meeting's
 * length, readiness flags with one-click requests, the suggested order, and the waiting list to add from. Every change
 * names the revision it started from; if someone else changed the agenda meanwhile, the server refuses and the
 * current order is shown. Each case shows when it starts if the meeting runs to plan (the same domain function as the
 * printed agenda); removing a case asks first, naming the patient.
 */
export function AgendaEditor({ initial, canEdit, timeZone }: { initial: Agenda; canEdit: boolean; /** The hospital's (the server's), so server and browser write the same start times. */ timeZone?: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const meetingId = initial.id;
  const queryKey = trpc.meeting.agenda.queryKey({ meetingId });
  const { data: agenda = initial } = useQuery(trpc.meeting.agenda.queryOptions({ meetingId }, { initialData: initial, staleTime: 5_000 }));
  const [message, setMessage] = useState<Message>(null);
  const [showSuggestion, setShowSuggestion] = useState(false);
  /** The case whose removal waits for the user's confirmation. */
  const [removing, setRemoving] = useState<Item | null>(null);
  const [draggingId, setDraggingId] = useState<string | null>(null);
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 4 } }), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }));

  const reload = () => Promise.all([queryClient.invalidateQueries({ queryKey }), queryClient.invalidateQueries({ queryKey: trpc.meeting.waitingList.queryKey({ meetingId }) })]);
  const onDone = (result: { warning: string | null }, text: string) => {
    setMessage({ tone: result.warning ? "alert" : "status", text: result.warning ? `${text} ${result.warning}` : text });
    return reload();
  };
  const onError = (error: unknown) => {
    setMessage({ tone: "alert", text: errorText(error) });
    if (isConflict(error)) return reload();
    return reload();
  };

  const reorder = useMutation(trpc.meeting.reorder.mutationOptions());
  const minutes = useMutation(trpc.meeting.setMinutes.mutationOptions());
  const remove = useMutation(trpc.meeting.removeCase.mutationOptions());
  const request = useMutation(trpc.readiness.request.mutationOptions());
  const busy = reorder.isPending || minutes.isPending || remove.isPending || request.isPending;

  async function saveOrder(ids: string[], text: string) {
    const previous = agenda;
    // Show the new order at once; the server's answer (or a conflict) replaces it.
    queryClient.setQueryData(queryKey, { ...agenda, items: ids.map((id) => agenda.items.find((i) => i.id === id)!) });
    try {
      await onDone(await reorder.mutateAsync({ meetingId, itemIds: ids, expectedRevision: previous.revision }), text);
    } catch (error) {
      queryClient.setQueryData(queryKey, previous);
      await onError(error);
    }
  }

  const ids = agenda.items.map((i) => i.id);
  const nameOf = (id: string) => patientName(agenda.items.find((i) => i.id === id)!.patient);
  const move = (from: number, to: number) => {
    if (to < 0 || to >= ids.length || agenda.items[to]!.status !== "PENDING") return;
    void saveOrder(arrayMove(ids, from, to), `${nameOf(ids[from]!)} moved to position ${to + 1}.`);
  };
  const onDragStart = (event: DragStartEvent) => setDraggingId(String(event.active.id));
  const onDragEnd = (event: DragEndEvent) => {
    setDraggingId(null);
    if (!event.over || event.active.id === event.over.id) return;
    move(ids.indexOf(String(event.active.id)), ids.indexOf(String(event.over.id)));
  };
  const suggestionDiffers = agenda.suggestedOrder.ids.join() !== ids.join();
  const startTimes = caseStartTimes(agenda.startsAt, agenda.items).map((d) => formatTime(d, { timeZone }));
  const dragged = draggingId ? agenda.items.find((i) => i.id === draggingId) : undefined;
  // A finished or cancelled agenda is a record: what happened to its cases, not readiness or publication.
  const closed = agenda.status === "FINISHED" || agenda.status === "CANCELLED";

  return (
    <section className="card space-y-3" aria-labelledby="agenda-heading">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 id="agenda-heading" className="text-base font-semibold">Agenda</h2>
          <p className="text-xs text-slate-600 dark:text-slate-400">
            {agendaReadinessSummary(agenda.items)}
            {closed ? "" : agenda.publishedAt ? " · published" : " · not published yet"}
          </p>
        </div>
        <TimeBudget budget={agenda.budget} editable={canEdit} />
      </div>

      {message && (
        <p role={message.tone} className={`rounded px-2 py-1 text-sm ${message.tone === "alert" ? "bg-amber-100 text-amber-950 dark:bg-amber-950 dark:text-amber-200" : "bg-slate-100 dark:bg-slate-800"}`}>
          {message.text}
        </p>
      )}

      {canEdit && agenda.items.length > 1 && (
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <label className="flex items-center gap-1">
            <input type="checkbox" checked={showSuggestion} onChange={(e) => setShowSuggestion(e.target.checked)} /> Show why (urgency, readiness, waiting time)
          </label>
          <button type="button" className="btn" disabled={busy || !suggestionDiffers} onClick={() => void saveOrder(agenda.suggestedOrder.ids, "Suggested order applied.")}>
            {suggestionDiffers ? "Apply suggested order" : "Agenda is in the suggested order"}
          </button>
          <span className="text-xs text-slate-500">Drag a row by its handle (or focus it and use Space and the arrow keys), or use ↑ ↓.</span>
        </div>
      )}

      <div className="overflow-x-auto">
        <DndContext sensors={sensors} collisionDetection={closestCenter} onDragStart={onDragStart} onDragEnd={onDragEnd} onDragCancel={() => setDraggingId(null)}>
          <table className="data-table" aria-label="Agenda">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Starts</th>
                <th scope="col">Patient</th>
                <th scope="col">Diagnosis</th>
                <th scope="col">Question</th>
                <th scope="col">Urgency</th>
                <th scope="col">Readiness</th>
                <th scope="col">Min</th>
                <th scope="col">Decision</th>
                {canEdit && <th scope="col"><span className="sr-only">Actions</span></th>}
              </tr>
            </thead>
            <tbody>
              <SortableContext items={ids} strategy={verticalListSortingStrategy}>
                {agenda.items.map((item, index) => (
                  <Row
                    key={item.id}
                    item={item}
                    index={index}
                    count={agenda.items.length}
                    startsAt={startTimes[index]!}
                    meetingId={meetingId}
                    canEdit={canEdit}
                    busy={busy}
                    reason={showSuggestion ? agenda.suggestedOrder.reasons[item.id] : undefined}
                    onMove={move}
                    canMoveUp={index > 0 && agenda.items[index - 1]!.status === "PENDING"}
                    canMoveDown={index < agenda.items.length - 1 && agenda.items[index + 1]!.status === "PENDING"}
                    onMinutes={(it, m) =>
                      minutes.mutateAsync({ meetingId, itemId: it.id, minutesBudget: m, expectedRevision: agenda.revision }).then((r) => onDone(r, `${patientName(it.patient)}: ${m} minutes.`), onError)
                    }
                    onRemove={setRemoving}
                    onRequest={(it, key) =>
                      request.mutateAsync({ caseId: it.caseId, readinessKey: key }).then(
                        (r) => {
                          setMessage({ tone: "status", text: r.alreadyRequested ? "This was already requested." : `Requested: ${r.notified} ${r.notified === 1 ? "person" : "people"} notified.` });
                          return reload();
                        },
                        onError,
                      )
                    }
                  />
                ))}
              </SortableContext>
            </tbody>
          </table>
          <DragOverlay>
            {dragged && (
              <div role="note" aria-label={`Dragging ${patientName(dragged.patient)}`} className="flex cursor-grabbing items-center gap-3 rounded border border-sky-400 bg-white px-3 py-2 text-sm shadow-lg dark:bg-slate-900">
                <span className="text-slate-500">⠿ {ids.indexOf(dragged.id) + 1}</span>
                <span className="font-medium">{patientName(dragged.patient)}</span>
                <span className="text-xs text-slate-500">{dragged.condition?.morphologyDisplay ?? ""} · {dragged.minutesBudget} min</span>
              </div>
            )}
          </DragOverlay>
        </DndContext>
        {agenda.items.length === 0 && <p className="text-sm text-slate-500">No cases on this agenda yet.</p>}
      </div>
      <ConfirmDialog
        open={removing !== null}
        title={removing ? `Remove ${patientName(removing.patient)} from the agenda?` : "Remove from the agenda?"}
        confirmLabel="Remove from agenda"
        busy={remove.isPending}
        onCancel={() => setRemoving(null)}
        onConfirm={() => {
          const it = removing;
          if (!it) return;
          setRemoving(null);
          void remove.mutateAsync({ meetingId, itemId: it.id, expectedRevision: agenda.revision }).then((r) => onDone(r, `${patientName(it.patient)} is back on the waiting list.`), onError);
        }}
      >
        {removing && (
          <p>
            {patientName(removing.patient)} ({patientIdentifiers(removing.patient)}) goes back to the waiting list. Its place ({ids.indexOf(removing.id) + 1}) and its{" "}
            {removing.minutesBudget} minutes on this agenda are not kept.
          </p>
        )}
      </ConfirmDialog>
    </section>
  );
}
