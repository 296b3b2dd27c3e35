"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { errorText } from "@/components/meetings/error-text";
import { useTRPC } from "@/trpc/react";

/** The privacy officer marks one declared relationship as reviewed. */
export function ReviewRelationshipButton({ relationshipId, label }: { relationshipId: string; label: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const review = useMutation(trpc.admin.reviewRelationship.mutationOptions());
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        className="btn"
        aria-label={label}
        disabled={review.isPending}
        onClick={async () => {
          setProblem(null);
          try {
            await review.mutateAsync({ relationshipId });
            router.refresh();
          } catch (error) {
            setProblem(errorText(error));
          }
        }}
      >
        {review.isPending ? "Saving…" : "Mark reviewed"}
      </button>
      {problem && <p role="alert" className="text-xs">{problem}</p>}
    </>
  );
}
