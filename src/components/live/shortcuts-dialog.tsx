"use client";

import { useEffect, useRef } from "react";

export const SHORTCUTS: { keys: string[]; action: string }[] = [
  { keys: ["N", "Page Down"], action: "Next case" },
  { keys: ["P", "Page Up"], action: "Previous case" },
  { keys: ["]"], action: "Next series (images) or slide (slides)" },
  { keys: ["["], action: "Previous series (images) or slide (slides)" },
  { keys: ["V"], action: "Switch the viewer between images and slides" },
  { keys: ["S"], action: "Show the case summary" },
  { keys: ["F"], action: "Follow the presenter again (rejoin)" },
  { keys: ["D"], action: "Open or close the decision panel for the case on screen (chair and coordinator)" },
  { keys: ["H"], action: "Show or hide similar past cases (the board's history)" },
  { keys: ["?"], action: "Show these shortcuts" },
  { keys: ["Esc"], action: "Close this list" },
  { keys: ["↑", "↓", "Wheel"], action: "Scroll through the slices (image focused)" },
  { keys: ["1…5"], action: "Window presets: lung, mediastinum, bone, brain, abdomen (image focused)" },
  { keys: ["+", "−", "Arrows"], action: "Zoom and pan the slide" },
];

/** The keyboard shortcuts of presentation mode, in a modal dialog (Escape closes it). */
export function ShortcutsDialog({ open, onClose, showDecision = false }: { open: boolean; onClose: () => void; showDecision?: boolean }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      aria-labelledby="shortcuts-heading"
      onClose={() => {
        // Opened by a key on the page, the dialog has no element to give the focus back to: it leaves its Close button.
        if (ref.current?.contains(document.activeElement)) (document.activeElement as HTMLElement).blur();
        onClose();
      }}
      className="m-auto w-full max-w-lg rounded-md border border-slate-700 bg-slate-900 p-4 text-slate-100 backdrop:bg-black/60"
    >
      <h2 id="shortcuts-heading" className="mb-2 text-base font-semibold">Keyboard shortcuts</h2>
      <table className="data-table" aria-label="Keyboard shortcuts">
        <thead>
          <tr>
            <th scope="col">Keys</th>
            <th scope="col">Action</th>
          </tr>
        </thead>
        <tbody>
          {SHORTCUTS.filter((s) => showDecision || !s.keys.includes("D")).map((s) => (
            <tr key={s.action}>
              <td className="whitespace-nowrap">
                {s.keys.map((k) => (
                  <kbd key={k} className="mr-1 rounded border border-slate-600 bg-slate-800 px-1.5 py-0.5 font-mono text-xs">{k}</kbd>
                ))}
              </td>
              <td>{s.action}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="mt-3 text-right">
        <button type="button" className="btn" onClick={onClose} autoFocus>Close</button>
      </div>
    </dialog>
  );
}
