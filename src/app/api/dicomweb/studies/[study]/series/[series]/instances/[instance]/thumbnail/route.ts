import { retrieveInstanceThumbnail } from "@/app/api/dicomweb/_lib/handlers";
import { dicomweb, otherMethods } from "@/app/api/dicomweb/_lib/http";
import { withGuard } from "@/server/http/with-guard";

export const GET = withGuard("dicomweb.study", dicomweb(retrieveInstanceThumbnail));
export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
