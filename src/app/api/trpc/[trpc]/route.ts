import { handleTrpcRequest } from "@/server/http/trpc-endpoint";

// Next passes the route's params as the second argument: the endpoint's own second parameter (a context factory,
// for tests) must not receive them.
const handle = (request: Request) => handleTrpcRequest(request);

export { handle as GET, handle as POST };
