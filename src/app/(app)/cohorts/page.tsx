import type { Metadata } from "next";
import { CohortExplorer } from "@/components/cohorts/cohort-explorer";
import { Refused } from "@/components/refused";
import { can } from "@/domain/permissions";
import { createContext } from "@/server/api/context";

export const metadata: Metadata = { title: "Cohorts" };

export default async function CohortsPage() {
  const { user } = await createContext();
  // The analyses' own guard refuses too; this only spares the user an empty page.
  if (!can(user, "seeDataset", null)) return <Refused message="The cohort explorer is for the boards' clinicians and researchers." />;
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Cohort explorer</h1>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Survival of your boards&apos; past patients, from day 0 (the board&apos;s discussion), on pseudonymised data. Every analysis is recorded in the
        audit log. These are observational comparisons: groups differ in more than the field that splits them.
      </p>
      <CohortExplorer />
    </div>
  );
}
