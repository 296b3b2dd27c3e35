/** An accessible progress bar: role=progressbar with its name, value and a spoken value text. */
export function ProgressBar({ label, fraction, valueText }: { label: string; fraction: number; valueText?: string }) {
  const percent = Math.round(Math.min(1, Math.max(0, fraction)) * 100);
  return (
    <div className="space-y-0.5">
      <div className="flex justify-between text-xs text-slate-600 dark:text-slate-400">
        <span>{label}</span>
        <span aria-hidden="true">{percent} %</span>
      </div>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={valueText ?? `${percent} %`}
        className="h-2 w-full overflow-hidden rounded bg-slate-200 dark:bg-slate-800"
      >
        <div className="h-full bg-sky-600 transition-[width] duration-200 dark:bg-sky-400" style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}
