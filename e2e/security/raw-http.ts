// A bare HTTP/1.1 client for the fuzz spec. fetch() (and Playwright's request context) parse the URL
// first: they fold `/consent/..` and `/consent/%2e%2e` into `/` and re-encode escapes, so those
// paths would never reach the portal as written. node:http sends the request line as given, over a
// keep-alive pool so bounded batches of requests run side by side. It accepts large response
// headers (a redirect can echo a 10 kB address) so that the portal, not this client, is judged.
import http from "node:http";

export interface RawRequest {
  method: string;
  /** Path and query exactly as they go on the request line (already percent-encoded). */
  target: string;
  headers?: Record<string, string>;
  body?: Buffer;
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * `sourceAddresses`: connect from that many loopback addresses (127.0.1.1, 127.0.1.2, …; Linux
 * routes all of 127/8 to itself), round robin per request, so the portal sees that many clients
 * (its per-client rate limit keys on the socket address). `localAddress` pins one source address.
 */
export function rawHttpClient(
  baseURL: string,
  maxSockets: number,
  options: { sourceAddresses?: number; localAddress?: string } = {},
) {
  const { hostname, port } = new URL(baseURL);
  const sources = options.localAddress
    ? [options.localAddress]
    : Array.from(
        { length: options.sourceAddresses ?? 0 },
        (_, i) => `127.0.${1 + Math.floor(i / 250)}.${1 + (i % 250)}`,
      );
  const agents =
    sources.length === 0
      ? [new http.Agent({ keepAlive: true, maxSockets })]
      : sources.map((localAddress) => new http.Agent({ keepAlive: true, maxSockets, localAddress }));
  let next = 0;
  function send(raw: RawRequest): Promise<RawResponse> {
    const agent = agents[next++ % agents.length]!;
    return sendOn(agent, raw).catch((error: NodeJS.ErrnoException & { reusedSocket?: boolean }) => {
      // A kept-alive socket the server closed as idle just as this request went out on it: the
      // request never reached the server (Node's documented keep-alive race), so it goes again once.
      if (error.reusedSocket && error.code === "ECONNRESET") return sendOn(agent, raw);
      throw error;
    });
  }

  function sendOn(agent: http.Agent, { method, target, headers = {}, body }: RawRequest): Promise<RawResponse> {
    return new Promise((resolve, reject) => {
      const request = http.request(
        {
          agent,
          hostname,
          port,
          method,
          path: target,
          maxHeaderSize: 1 << 20,
          headers: { ...headers, ...(body ? { "Content-Length": String(body.length) } : {}) },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () =>
            resolve({
              status: response.statusCode ?? 0,
              headers: response.headers,
              body: Buffer.concat(chunks).toString("utf8"),
            }),
          );
          response.on("error", reject);
        },
      );
      request.on("error", (error) => reject(Object.assign(error, { reusedSocket: request.reusedSocket })));
      request.end(body);
    });
  }
  return { send, close: () => agents.forEach((agent) => agent.destroy()) };
}
