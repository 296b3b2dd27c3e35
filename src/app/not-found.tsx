import { NotFoundCard } from "@/components/not-found-card";

export default function NotFound() {
  return (
    <main className="mx-auto max-w-lg p-10">
      <NotFoundCard />
    </main>
  );
}
