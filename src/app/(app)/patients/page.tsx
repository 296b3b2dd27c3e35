import type { Metadata } from "next";
import Link from "next/link";
import { TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { Badge } from "@/components/badge";
import { enumLabel, formatCalendarDate, formatDate, patientName, SEX_SHORT } from "@/components/format";
import { Refused } from "@/components/refused";
import { can } from "@/domain/permissions";
import { ROLE_LABELS } from "@/domain/roles";
import { createContext } from "@/server/api/context";
import { getApi } from "@/trpc/server";

export const metadata: Metadata = { title: "Patients" };

type SearchResult = Awaited<ReturnType<Awaited<ReturnType<typeof getApi>>["patient"]["search"]>>;

/**
 * Find a patient of one's boards by MRN, part of a name or birth date. A plain GET form: the search is in the URL,
 * so the back button returns to the results.
 */
export default async function PatientsPage({ searchParams }: { searchParams: Promise<{ q?: string; born?: string }> }) {
  const { q = "", born = "" } = await searchParams;
  // Before the form: a researcher (or an administrator) may not search patients at all.
  const { user } = await createContext();
  if (!can(user, "seePatients", null)) return <Refused message={`The ${ROLE_LABELS[user!.role].toLowerCase()} role may not do this.`} />;
  const searched = q.trim() !== "" || born !== "";
  let result: SearchResult | null = null;
  let problem: { refused: boolean; message: string } | null = null;
  if (searched) {
    try {
      result = await (await getApi()).patient.search({ text: q, birthDate: born || null });
    } catch (error) {
      if (!(error instanceof TRPCError)) throw error;
      if (error.code === "FORBIDDEN" || error.code === "UNAUTHORIZED") problem = { refused: true, message: error.message };
      else if (error.code === "BAD_REQUEST") problem = { refused: false, message: badRequestMessage(error) };
      else throw error;
    }
  }
  if (problem?.refused) return <Refused message={problem.message} />;

  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Patients</h1>
      <form method="get" action="/patients" role="search" aria-label="Find a patient" className="card flex flex-wrap items-end gap-3">
        <div className="min-w-64 flex-1">
          <label className="label" htmlFor="patient-query">MRN or name</label>
          <input id="patient-query" name="q" className="field" defaultValue={q} placeholder="e.g. MRN-100109, kowalski, or wrobel agnieszka" autoComplete="off" />
        </div>
        <div>
          <label className="label" htmlFor="patient-born">Birth date</label>
          <input id="patient-born" name="born" type="date" className="field" defaultValue={born} />
        </div>
        <button type="submit" className="btn-primary">Search</button>
      </form>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Patients with a case on your boards. Names match in part, without regard to capitals or accents.
      </p>
      {problem && (
        <p role="alert" className="text-sm text-rose-700 dark:text-rose-300">{problem.message}</p>
      )}
      {result && <Results result={result} />}
    </div>
  );
}

/** A refused search in words: zod's first issue ("Type at least 2 characters ..."), or the service's message. */
function badRequestMessage(error: TRPCError): string {
  return error.cause instanceof ZodError ? (error.cause.issues[0]?.message ?? error.message) : error.message;
}

function Results({ result }: { result: SearchResult }) {
  if (result.patients.length === 0) {
    return <p role="status" className="text-sm">No patient of your boards matches this search.</p>;
  }
  return (
    <section aria-label="Search results" className="space-y-2">
      <p role="status" className="text-sm">
        {result.total === 1 ? "1 patient found." : `${result.total} patients found.`}
        {result.total > result.patients.length && ` Showing the first ${result.patients.length}: refine the search to see the others.`}
      </p>
      <table className="data-table" aria-label="Patients found">
        <thead>
          <tr>
            <th scope="col">Patient</th>
            <th scope="col">MRN</th>
            <th scope="col">Born</th>
            <th scope="col">Sex</th>
            <th scope="col">Boards</th>
            <th scope="col">Cases</th>
            <th scope="col">Images</th>
          </tr>
        </thead>
        <tbody>
          {result.patients.map((p) => {
            const open = p.cases.filter((c) => c.status !== "CLOSED");
            const latest = open[0] ?? p.cases[0];
            return (
              <tr key={p.id}>
                <td>
                  {latest ? <Link className="link font-medium" href={`/cases/${latest.id}`}>{patientName(p)}</Link> : patientName(p)}
                </td>
                <td>{p.mrn}</td>
                <td>{formatCalendarDate(p.birthDate)}</td>
                <td>{SEX_SHORT[p.sex]}</td>
                <td>{p.boards.map((b) => b.name).join(", ")}</td>
                <td>
                  <ul className="space-y-0.5" aria-label={`Cases of ${patientName(p)}`}>
                    {p.cases.map((c) => (
                      <li key={c.id}>
                        <Link className="link" href={`/cases/${c.id}`}>
                          {c.boardName}: {enumLabel(c.questionType)}, {formatDate(c.referredAt)}
                        </Link>{" "}
                        <Badge tone={c.status === "CLOSED" ? "neutral" : "info"}>{c.status === "CLOSED" ? "Closed" : `Open · ${enumLabel(c.status)}`}</Badge>
                      </li>
                    ))}
                  </ul>
                </td>
                <td>
                  <Link className="link" href={`/patients/${p.id}/imaging${latest ? `?case=${latest.id}` : ""}`} aria-label={`Images of ${patientName(p)}`}>
                    Images
                  </Link>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
