// Thin: the resource is in src/app/api/dicomweb/_lib/handlers.ts (tested there with a built context); guardRoute is the shared access guard.
import { retrieveSeriesMetadata } from "@/app/api/dicomweb/_lib/handlers";
import { dicomwebRoute } from "@/app/api/dicomweb/_lib/serve";
import { guardRoute } from "@/server/api/route-guard";

export const GET = dicomwebRoute(guardRoute, retrieveSeriesMetadata);
