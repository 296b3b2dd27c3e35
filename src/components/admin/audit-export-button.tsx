"use client";

import { useMutation } from "@tanstack/react-query";
import { errorMessage } from "@/components/error-message";
import { useTRPC } from "@/trpc/react";

export interface AuditExportFilter {
  patient?: string;
  user?: string;
  action?: string;
  from?: string;
  to?: string;
}

/** Downloads the filtered audit log as CSV (the export is audited on the server). */
export function AuditExportButton({ filter }: { filter: AuditExportFilter }) {
  const trpc = useTRPC();
  const exportLog = useMutation(trpc.admin.auditExport.mutationOptions());

  async function download() {
    const result = await exportLog.mutateAsync(filter);
    const url = URL.createObjectURL(new Blob([result.csv], { type: "text/csv;charset=utf-8" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = result.filename;
    document.body.append(link);
    link.click();
    link.remove();
    URL.revokeObjectURL(url);
  }

  return (
    <div className="flex items-center gap-2">
      <button type="button" className="btn" onClick={() => void download().catch(() => undefined)} disabled={exportLog.isPending}>
        {exportLog.isPending ? "Exporting…" : "Export CSV"}
      </button>
      {exportLog.isSuccess && (
        <p className="text-sm" role="status">
          Exported {exportLog.data.events} events{exportLog.data.truncated ? " (the newest only: narrow the search for the rest)" : ""}.
        </p>
      )}
      {exportLog.isError && (
        <p className="text-sm text-rose-700 dark:text-rose-300" role="alert">
          {errorMessage(exportLog.error, "The export failed.")}
        </p>
      )}
    </div>
  );
}
