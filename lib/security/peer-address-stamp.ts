import "server-only";
// Writes the socket's remote address into every incoming request's headers (PEER_ADDRESS_HEADER),
// replacing any value the client sent under that name, so the rate limits of lib/security can key on
// the real peer (Next exposes no socket to proxy.ts or route handlers). Installed once per portal
// process from instrumentation.ts, before the server answers its first request.
import http from "node:http";
import https from "node:https";
import { PEER_ADDRESS_HEADER } from "./client-address";

const INSTALLED = Symbol.for("guestpass.peerAddressStamp");

export function installPeerAddressStamp(): void {
  for (const server of [http.Server, https.Server]) {
    const prototype = server.prototype as http.Server & { [INSTALLED]?: boolean };
    if (prototype[INSTALLED]) continue;
    const emit = prototype.emit;
    prototype.emit = function emitWithPeerAddress(this: http.Server, event: string | symbol, ...args: unknown[]) {
      if (event === "request") {
        const request = args[0] as http.IncomingMessage;
        request.headers[PEER_ADDRESS_HEADER] = request.socket?.remoteAddress ?? "";
      }
      return (emit as (this: http.Server, ...rest: unknown[]) => boolean).call(this, event, ...args);
    } as typeof prototype.emit;
    prototype[INSTALLED] = true;
  }
}
