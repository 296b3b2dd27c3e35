import type { Metadata } from "next";
import Link from "next/link";
import { DicomUpload } from "@/components/imaging/dicom-upload";
import { Refused } from "@/components/refused";
import { can } from "@/domain/permissions";
import { createContext } from "@/server/api/context";
import { maxUploadBytes } from "@/server/services/imaging/image-store";

export const metadata: Metadata = { title: "Import images" };

export default async function ImportImagesPage() {
  const { user } = await createContext();
  if (!can(user, "importImages", null)) return <Refused message="Images are imported by the clinical team (chair, specialist or coordinator)." />;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-baseline gap-3">
        <h1 className="text-xl font-semibold">Import images</h1>
        <Link className="link text-sm" href="/imaging/quarantine">Quarantine</Link>
      </div>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        DICOM files go into Concilium&apos;s image store. They are attached to the patient whose MRN is the files&apos; Patient ID when the
        name and birth date agree too; anything else waits in the quarantine until someone attaches or discards it.
      </p>
      <DicomUpload endpoint="/api/dicomweb/studies" maxFileBytes={maxUploadBytes()} />
    </div>
  );
}
