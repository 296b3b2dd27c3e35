import { handleTrpcRequest } from "@/server/http/trpc-endpoint";

export { handleTrpcRequest as GET, handleTrpcRequest as POST };
