import { searchForStudies, storeStudies } from "@/app/api/dicomweb/_lib/handlers";
import { dicomweb, otherMethods } from "@/app/api/dicomweb/_lib/http";
import { withGuard } from "@/server/http/with-guard";

export const GET = withGuard("dicomweb.search", dicomweb(searchForStudies));
export const POST = withGuard("dicomweb.store", dicomweb(storeStudies));
export const { PUT, PATCH, DELETE } = otherMethods("GET, POST");
