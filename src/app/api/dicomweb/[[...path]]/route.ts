import { unknownResource } from "@/app/api/dicomweb/_lib/http";
import { withGuard } from "@/server/http/with-guard";

// Paths no other route of /api/dicomweb serves: a DICOMweb error, never the site's HTML 404 page.
const unknown = withGuard("dicomweb.unknown", unknownResource);

export { unknown as DELETE, unknown as GET, unknown as PATCH, unknown as POST, unknown as PUT };
