import type { Metadata } from "next";
import { DatasetPrivacyForm } from "@/components/admin/dataset-privacy-form";
import { LetterheadForm } from "@/components/documents/letterhead-form";
import { formatDateTime } from "@/components/format";
import { Refused } from "@/components/refused";
import { getApi, isRefusal, load } from "@/trpc/server";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const api = await getApi();
  const [letterhead, privacy] = await Promise.all([load(() => api.settings.letterhead()), load(() => api.settings.datasetPrivacy())]);
  if (isRefusal(letterhead)) return <Refused message={letterhead.message} />;
  if (isRefusal(privacy)) return <Refused message={privacy.message} />;
  const { isDefault, updatedAt, ...values } = letterhead;
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Settings</h1>
      <section className="card space-y-3" aria-labelledby="letterhead-heading">
        <div>
          <h2 id="letterhead-heading" className="text-base font-semibold">Letterhead</h2>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            Printed at the head of every letter to referring physicians and GPs, and on agendas and minutes.{" "}
            {isDefault ? "Not set yet: letters use the default shown below." : updatedAt ? `Last changed ${formatDateTime(updatedAt)}.` : ""}
          </p>
        </div>
        <LetterheadForm initial={values} />
      </section>
      <section className="card space-y-3" aria-labelledby="privacy-heading">
        <div>
          <h2 id="privacy-heading" className="text-base font-semibold">Outcome dataset: k-anonymity</h2>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            Pseudonymised views and exports leave out every row whose combination of board, site, stage group, age band and sex is shared by fewer
            than k rows{privacy.isDefault ? " (default 5)" : ""}.
          </p>
        </div>
        <DatasetPrivacyForm initialK={privacy.k} />
      </section>
    </div>
  );
}
