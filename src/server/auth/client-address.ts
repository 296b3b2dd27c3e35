/**
 * The client's address as far as this server can tell. Next.js does not expose the socket's address to route
 * handlers; it puts it in X-Forwarded-For when that header is absent. Behind a reverse proxy that appends the peer's
 * address (nginx `$proxy_add_x_forwarded_for`), the last entry is the one the proxy saw, so that is the one taken:
 * earlier entries are whatever the client claimed.
 */
export function clientAddress(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for");
  const last = forwarded?.split(",").map((part) => part.trim()).filter(Boolean).at(-1);
  return last?.slice(0, 64) ?? "unknown";
}
