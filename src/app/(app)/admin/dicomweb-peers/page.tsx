import type { Metadata } from "next";
import { AddPeerForm, RevokePeerButton } from "@/components/admin/dicomweb-peer-controls";
import { Badge } from "@/components/badge";
import { formatDateTime } from "@/components/format";
import { Refused } from "@/components/refused";
import { getApi, isRefusal, load } from "@/trpc/server";

export const metadata: Metadata = { title: "DICOMweb peers" };

/** Another hospital's PACS reading the chosen boards' studies from /api/dicomweb: credentials issued and revoked here. */
export default async function DicomwebPeersPage() {
  const api = await getApi();
  const data = await load(() => api.admin.dicomwebPeers());
  if (isRefusal(data)) return <Refused message={data.message} />;
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">DICOMweb peers</h1>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        A peer (an Orthanc, a DCM4CHEE) searches and retrieves the studies of its boards, read-only, with a token it sends as a Bearer token or as the HTTP Basic password.
        The token is shown once when the peer is added; revoking it refuses the peer&apos;s next request.
      </p>
      <section className="card overflow-x-auto">
        {data.peers.length === 0 ? (
          <p className="text-sm text-slate-500">No peers yet.</p>
        ) : (
          <table className="data-table" aria-label="DICOMweb peers">
            <thead>
              <tr><th scope="col">Name</th><th scope="col">Boards</th><th scope="col">Added</th><th scope="col">Last request</th><th scope="col">State</th></tr>
            </thead>
            <tbody>
              {data.peers.map((p) => (
                <tr key={p.id}>
                  <td>{p.name}</td>
                  <td>{p.boards.join(", ")}</td>
                  <td>{formatDateTime(p.createdAt)} by {p.createdBy}</td>
                  <td>{p.lastUsedAt ? formatDateTime(p.lastUsedAt) : "Never"}</td>
                  <td>{p.revokedAt ? <Badge tone="warn">Revoked {formatDateTime(p.revokedAt)}</Badge> : <RevokePeerButton name={p.name} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <AddPeerForm boards={data.boards} />
    </div>
  );
}
