import { handleTrpcRequest } from "@/server/http/trpc-endpoint";

// Wrapped: Next passes route params as the second argument, which is not the endpoint's optional context factory.
const handle = (request: Request) => handleTrpcRequest(request);

export { handle as GET, handle as POST };
