import type http from "node:http";
import type { Socket } from "node:net";

/** How long before the server's announced keep-alive timeout an idle connection is given up. */
const MARGIN_MS = 250;

/**
 * Keeps idle connections as long as the server says it will (its "Keep-Alive: timeout=N"), less a quarter second.
 * Node's agent gives up a whole second early, so a server that announces one second (Orthanc) never has a connection
 * reused unless a request is already waiting for it: every frame of a viewer's series paid a new TCP connection. A
 * request that still meets a connection the server has just closed is sent again by the caller (see pacs-client).
 */
export function keepAliveAsAnnounced<T extends http.Agent>(agent: T): T {
  const keepAsNodeDoes = agent.keepSocketAlive.bind(agent);
  const reuseAsNodeDoes = agent.reuseSocket.bind(agent);
  agent.keepSocketAlive = (duplex) => {
    const socket = duplex as Socket & { _httpMessage?: { res?: http.IncomingMessage } };
    const seconds = /^timeout=(\d+)/.exec(String(socket._httpMessage?.res?.headers["keep-alive"] ?? ""))?.[1];
    if (seconds === undefined) return keepAsNodeDoes(duplex);
    socket.setKeepAlive(true, 1000);
    socket.unref();
    socket.setTimeout(Math.max(MARGIN_MS, Number(seconds) * 1000 - MARGIN_MS));
    return true;
  };
  // The idle limit is for a connection waiting in the pool, not for a request on its way.
  agent.reuseSocket = (duplex, request) => {
    reuseAsNodeDoes(duplex, request);
    (duplex as Socket).setTimeout(0);
  };
  return agent;
}
