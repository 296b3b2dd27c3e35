import { NotFoundCard } from "@/components/not-found-card";

/** A page's notFound() inside the app: the same card, under the app's own header and <main>. */
export default function NotFound() {
  return (
    <div className="mx-auto max-w-lg pt-6">
      <NotFoundCard />
    </div>
  );
}
