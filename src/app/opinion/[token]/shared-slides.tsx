import { ExpertSlide, type ExpertSlideProps } from "./expert-slide";

type SharedSlide = Omit<ExpertSlideProps["slide"], "tiles"> & { stain: string; specimen: string; tiles: ExpertSlideProps["slide"]["tiles"] | null };

/** The read-only slides of a shared case (an outside expert's link or a meeting guest's case), each with its viewer. */
export function SharedSlides({ slides }: { slides: SharedSlide[] }) {
  if (slides.length === 0) return null;
  return (
    <section className="card space-y-2" aria-labelledby="slides-heading">
      <h2 id="slides-heading" className="text-base font-semibold">Slides</h2>
      {slides.map((s) => (
        <div key={s.id} className="space-y-1">
          <h3 className="text-sm font-medium">{s.label} ({s.stain}), {s.specimen}</h3>
          {s.tiles ? <ExpertSlide slide={{ ...s, tiles: s.tiles }} /> : <p className="text-sm text-slate-500">This slide is not converted yet.</p>}
        </div>
      ))}
    </section>
  );
}
