import type { Metadata } from "next";
import { headers } from "next/headers";
import { toStudyChoice } from "@/components/viewers/data-source";
import { enumLabel, formatCalendarDate, formatDate, formatDateTime } from "@/components/format";
import { requestSourceOf } from "@/server/api/request-source";
import { getPrisma } from "@/server/db";
import { checkLink, expertSession } from "@/server/services/expert-opinion/expert-access";
import { listExpertAnnotations } from "@/server/services/expert-opinion/expert-annotations";
import { loadExpertCase } from "@/server/services/expert-opinion/expert-case";
import { expertCookieValue } from "@/server/services/expert-opinion/share-secrets";
import { CodeStep } from "@/components/one-time-code/code-step";
import { confirmExpertCode, requestCode } from "./actions";
import { ExpertImages } from "./expert-images";
import { KeptAnnotations } from "./kept-annotations";
import { SharedSlides } from "./shared-slides";
import { OpinionForm } from "./opinion-form";

export const metadata: Metadata = { title: "Second opinion", robots: { index: false } };

const alertClass = "rounded bg-rose-50 px-2 py-1 text-sm text-rose-800 dark:bg-rose-950 dark:text-rose-200";

/**
 * Public, outside the signed-in layout: an outside expert opens the one case shared with them. Without a confirmed
 * code for this very link they see only the code step; with one, a read-only case view and their answer.
 */
export default async function OpinionPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [db, requestHeaders] = await Promise.all([getPrisma(), headers()]);
  const source = requestSourceOf(requestHeaders);
  const session = await expertSession(db, expertCookieValue(requestHeaders.get("cookie")), token);
  if (!session) {
    const link = await checkLink(db, token, "open", source);
    return (
      <main className="mx-auto mt-24 max-w-md px-4">
        <div className="card space-y-4">
          <h1 className="text-xl font-semibold">Second opinion</h1>
          {link.ok ? (
            <>
              <p className="text-sm text-slate-600 dark:text-slate-400">
                To open the case, confirm a one-time code. It is sent to the address this link was sent to.
              </p>
              <CodeStep token={token} requestCode={requestCode} confirmCode={confirmExpertCode} />
            </>
          ) : (
            <p role="alert" className={alertClass}>{link.message}</p>
          )}
        </div>
      </main>
    );
  }

  const [view, annotations] = await Promise.all([loadExpertCase(db, session, source), listExpertAnnotations(db, session.shareId)]);
  const studies = view.studies.map((s) => toStudyChoice({ ...s, series: s.series }, formatDate));
  return (
    <main className="mx-auto max-w-6xl space-y-4 px-4 py-6">
      <section className="card space-y-2" aria-labelledby="case-heading">
        <p className="text-sm text-slate-600 dark:text-slate-400">
          For {view.expertName}, from {view.sharedBy} of the {view.board}. Read-only; available until {formatCalendarDate(view.expiresAt)}.
        </p>
        <h1 id="case-heading" className="text-xl font-semibold">{view.patient.label}</h1>
        <p className="text-sm text-slate-600 dark:text-slate-400">{view.patient.detail}</p>
        <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm md:grid-cols-2">
          <div>
            <dt className="label">Diagnosis</dt>
            <dd>{view.condition ? `${view.condition.morphologyDisplay} (${view.condition.morphologyCode}), ${view.condition.topographyDisplay} (${view.condition.topographyCode})` : "Not recorded"}</dd>
          </div>
          <div>
            <dt className="label">The question to you</dt>
            <dd>{view.question}</dd>
          </div>
        </dl>
      </section>

      <section className="card space-y-2" aria-labelledby="plan-heading">
        <h2 id="plan-heading" className="text-base font-semibold">The board's recommendation</h2>
        {view.decision ? (
          <div className="text-sm">
            <p>
              <span className="font-medium">{view.decision.recommendation}</span> ({enumLabel(view.decision.intent)}, {view.decision.status === "SIGNED" ? "signed" : "draft"})
            </p>
            {view.decision.stageGroup && <p>Stage {view.decision.stageGroup} ({[view.decision.tCategory, view.decision.nCategory, view.decision.mCategory].filter(Boolean).join(" ")})</p>}
            {view.decision.rationale && <p className="text-slate-600 dark:text-slate-400">{view.decision.rationale}</p>}
          </div>
        ) : (
          <p className="text-sm text-slate-500">The board has not shared a recommendation.</p>
        )}
      </section>

      <section className="card space-y-2" aria-labelledby="images-heading">
        <h2 id="images-heading" className="text-base font-semibold">Images</h2>
        <ExpertImages studies={studies} token={token} />
      </section>

      {annotations.length > 0 && (
        <section className="card space-y-2" aria-labelledby="annotations-heading">
          <h2 id="annotations-heading" className="text-base font-semibold">Your annotations for the board</h2>
          <p className="text-xs text-slate-600 dark:text-slate-400">The board sees these with your opinion, apart from its own findings.</p>
          <KeptAnnotations token={token} annotations={annotations} />
        </section>
      )}

      <SharedSlides slides={view.slides} />

      <section className="card space-y-3" aria-labelledby="opinion-heading">
        <h2 id="opinion-heading" className="text-base font-semibold">Your opinion</h2>
        {view.opinion ? (
          <div role="status" className="space-y-1 text-sm">
            <p>Thank you: your opinion reached the board on {formatDateTime(view.opinion.submittedAt)}.</p>
            <p className="font-medium">{view.opinion.agreesWithPlan ? "You agree with the plan." : `You recommend: ${view.opinion.alternative}`}</p>
          </div>
        ) : (
          <OpinionForm token={token} />
        )}
      </section>
    </main>
  );
}
