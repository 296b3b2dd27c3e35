import { createContext } from "@/server/api/context";
import { handleTrpcRequest } from "@/server/api/http-handler";

const handler = (req: Request) => handleTrpcRequest(req, createContext);

export { handler as GET, handler as POST };
