"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/trpc/react";
import { errorText } from "./error-text";

const pad = (n: number) => String(n).padStart(2, "0");
const toLocalInput = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;

/** Schedule a meeting (board, date and time, length, place or video link), or change one that has not started. */
export function MeetingForm(props: { boards: { id: string; name: string }[]; meeting?: { id: string; startsAt: Date; durationMinutes: number; location: string | null; videoLink: string | null } }) {
  const trpc = useTRPC();
  const router = useRouter();
  const create = useMutation(trpc.meeting.create.mutationOptions());
  const update = useMutation(trpc.meeting.update.mutationOptions());
  const [boardId, setBoardId] = useState(props.boards[0]?.id ?? "");
  const [startsAt, setStartsAt] = useState(props.meeting ? toLocalInput(props.meeting.startsAt) : "");
  const [duration, setDuration] = useState(String(props.meeting?.durationMinutes ?? 90));
  const [location, setLocation] = useState(props.meeting?.location ?? "");
  const [videoLink, setVideoLink] = useState(props.meeting?.videoLink ?? "");
  const [message, setMessage] = useState<{ alert: boolean; text: string } | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setMessage(null);
    const fields = { startsAt: new Date(startsAt), durationMinutes: Number(duration), location: location || null, videoLink: videoLink || null };
    if (!startsAt || Number.isNaN(fields.startsAt.getTime())) return setMessage({ alert: true, text: "Give the date and time of the meeting." });
    try {
      if (props.meeting) {
        await update.mutateAsync({ meetingId: props.meeting.id, ...fields });
        setMessage({ alert: false, text: "Meeting updated." });
        router.refresh();
      } else {
        const created = await create.mutateAsync({ boardId, ...fields });
        router.push(`/meetings/${created.id}`);
      }
    } catch (error) {
      setMessage({ alert: true, text: errorText(error) });
    }
  }

  return (
    <form onSubmit={submit} aria-label={props.meeting ? "Edit meeting" : "New meeting"} className="grid grid-cols-1 gap-2 md:grid-cols-6">
      {!props.meeting && (
        <div className="md:col-span-2">
          <label className="label" htmlFor="meeting-board">Board</label>
          <select id="meeting-board" className="field" value={boardId} onChange={(e) => setBoardId(e.target.value)}>
            {props.boards.map((b) => <option key={b.id} value={b.id}>{b.name}</option>)}
          </select>
        </div>
      )}
      <div>
        <label className="label" htmlFor="meeting-starts">Date and time</label>
        <input id="meeting-starts" type="datetime-local" className="field" required value={startsAt} onChange={(e) => setStartsAt(e.target.value)} />
      </div>
      <div>
        <label className="label" htmlFor="meeting-duration">Length (minutes)</label>
        <input id="meeting-duration" type="number" min={10} max={480} className="field" required value={duration} onChange={(e) => setDuration(e.target.value)} />
      </div>
      <div>
        <label className="label" htmlFor="meeting-location">Place</label>
        <input id="meeting-location" className="field" value={location} onChange={(e) => setLocation(e.target.value)} placeholder="Room 3.12" />
      </div>
      <div>
        <label className="label" htmlFor="meeting-video">Video link</label>
        <input id="meeting-video" type="url" className="field" value={videoLink} onChange={(e) => setVideoLink(e.target.value)} placeholder="https://" />
      </div>
      <div className="flex items-end gap-2 md:col-span-6">
        <button type="submit" className="btn-primary" disabled={create.isPending || update.isPending}>{props.meeting ? "Save meeting" : "Create meeting"}</button>
        {message && <p role={message.alert ? "alert" : "status"} className="text-sm">{message.text}</p>}
      </div>
    </form>
  );
}
