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

export function rawHttpClient(baseURL: string, maxSockets: number) {
  const { hostname, port } = new URL(baseURL);
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  function send({ method, target, headers = {}, body }: RawRequest): Promise<RawResponse> {
    return new Promise((resolve, reject) => {
      const request = http.request(
        { agent, hostname, port, method, path: target, maxHeaderSize: 1 << 20, headers: { ...headers, ...(body ? { "Content-Length": String(body.length) } : {}) } },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString("utf8") }));
          response.on("error", reject);
        },
      );
      request.on("error", reject);
      request.end(body);
    });
  }
  return { send, close: () => agent.destroy() };
}
