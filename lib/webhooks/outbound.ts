import "server-only";
// The one way Guestpass calls a URL an administrator typed in (webhook endpoints), guarded against
// server-side request forgery:
// - https only; http only to a loopback address, and only with WEBHOOK_ALLOW_LOOPBACK_HTTP on (a
//   development setting: a receiver on the developer's own machine);
// - the address actually connected to must be public unicast: the name is resolved by our own
//   lookup, which refuses private, loopback, link-local (169.254.169.254, the cloud metadata
//   service), unique-local, CGNAT, multicast and reserved ranges, and the socket's peer is checked
//   again on connect. Resolution happens on every attempt, so a name re-pointed later is caught;
// - redirects are never followed (a 3xx is a failed attempt that says where it pointed);
// - 10 s for the whole exchange, and at most 64 KB of the answer read (a 2xx status line whose
//   body then stalls is a 2xx: the body is cut off at the 10 s).
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import ipaddr from "ipaddr.js";

export const OUTBOUND_TIMEOUT_MS = 10_000;
const MAX_RESPONSE_BYTES = 64 * 1024;

export interface OutboundPolicy {
  /** The development setting: http and loopback addresses allowed (never private or link-local). */
  allowLoopbackHttp: boolean;
  timeoutMs?: number;
}

export class RefusedUrlError extends Error {
  override readonly name = "RefusedUrlError";
}

const RANGE_WORDS: Record<string, string> = {
  loopback: "a loopback address (this machine)",
  private: "a private network address",
  linkLocal: "a link-local address (such as the cloud metadata service 169.254.169.254)",
  uniqueLocal: "a private IPv6 address",
  carrierGradeNat: "a carrier-grade NAT address",
  unspecified: "the unspecified address",
};

/** "10.0.0.1, a private network address" when the policy refuses the address, or null. */
function refusedAddress(address: string, policy: OutboundPolicy): string | null {
  const parsed = ipaddr.process(address); // IPv4-mapped IPv6 (::ffff:10.0.0.1) is judged as IPv4
  const range = parsed.range();
  if (range === "unicast") return null;
  if (range === "loopback" && policy.allowLoopbackHttp) return null;
  return `${parsed.toString()}, ${RANGE_WORDS[range] ?? `a reserved address (${range})`}`;
}

/**
 * Why an address may not be called, or null when it may. `subject` says where the address came
 * from: a literal in the URL ("That is 10.0.0.1, …"), a name ("localhost resolves to 127.0.0.1, …").
 */
export function refusalForAddress(address: string, policy: OutboundPolicy, subject = "That is"): string | null {
  if (!ipaddr.isValid(address)) return `"${address}" is not an IP address.`;
  const refused = refusedAddress(address, policy);
  return refused ? `${subject} ${refused}: Guestpass only calls public addresses.` : null;
}

/** Checks a URL's form (not yet its address): what Settings says when an administrator saves it. */
export function refusalForUrl(raw: string, policy: OutboundPolicy): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "That is not a URL: it should look like https://example.com/webhooks/guestpass.";
  }
  if (url.username || url.password)
    return "Put no user name or password in the URL: receivers check the signature instead.";
  const host = url.hostname.replace(/^\[|\]$/g, "");
  // A literal address that may never be called is the reason to give first: "use https" would only
  // lead to a second refusal (http://169.254.169.254/ is the metadata service over any scheme).
  const addressRefusal = ipaddr.isValid(host) ? refusalForAddress(host, policy) : null;
  if (addressRefusal) return addressRefusal;
  if (url.protocol === "http:") {
    if (!policy.allowLoopbackHttp) return "Use https: Guestpass sends events only over https.";
    if (!(host === "localhost" || (ipaddr.isValid(host) && ipaddr.process(host).range() === "loopback"))) {
      return "Plain http is allowed only to this machine (localhost) with the development setting on: use https.";
    }
  } else if (url.protocol !== "https:") {
    return "Use an https URL.";
  }
  return null;
}

/** How long saving a URL waits for its name to resolve. */
const SAVE_LOOKUP_MS = 3_000;

/**
 * What Settings says when an administrator saves a URL: its form (refusalForUrl), then where its
 * name points now, so `https://localhost/` is refused with its reason at once rather than at the
 * first attempt. Each attempt still resolves and checks again (a name can be re-pointed later). A
 * name that does not resolve (yet) is accepted: its attempts say so in the deliveries.
 */
export async function refusalForDestination(raw: string, policy: OutboundPolicy): Promise<string | null> {
  const refusal = refusalForUrl(raw, policy);
  if (refusal) return refusal;
  const host = new URL(raw).hostname.replace(/^\[|\]$/g, "");
  if (ipaddr.isValid(host)) return null;
  let timer: NodeJS.Timeout | undefined;
  const addresses = await Promise.race([
    dns.promises.lookup(host, { all: true }).catch(() => []),
    new Promise<dns.LookupAddress[]>((resolve) => (timer = setTimeout(() => resolve([]), SAVE_LOOKUP_MS))),
  ]).finally(() => clearTimeout(timer));
  for (const entry of addresses) {
    const refused = refusalForAddress(entry.address, policy, `${host} resolves to`);
    if (refused) return refused;
  }
  return null;
}

/** A Location as the deliveries may show it: no user name or password, every query value hidden. */
function redactedLocation(target: URL): string {
  const query = [...target.searchParams.keys()].map((key) => `${encodeURIComponent(key)}=redacted`).join("&");
  const shown = `${target.protocol}//${target.host}${target.pathname}${query ? `?${query}` : ""}`;
  return shown.length > 300 ? `${shown.slice(0, 300)}…` : shown;
}

/**
 * Why a 3xx answer is a failed attempt, naming where it pointed (the receiver's URL is what to
 * fix), and saying so when that is an address Guestpass refuses (the metadata service, say).
 */
export function redirectFailure(
  status: number,
  location: string | null,
  endpointUrl: string,
  policy: OutboundPolicy,
): string {
  let target: URL | null = null;
  try {
    target = location ? new URL(location, endpointUrl) : null;
  } catch {
    target = null;
  }
  if (!target)
    return `The receiver answered ${status} (a redirect): Guestpass follows no redirects; give the final URL.`;
  const answered = `The receiver answered ${status}, a redirect to ${redactedLocation(target)}: Guestpass follows no redirects; give the final URL.`;
  const host = target.hostname.replace(/^\[|\]$/g, "");
  const refused = ipaddr.isValid(host) ? refusalForAddress(host, policy, "It points to") : null;
  return refused ? `${answered} ${refused}` : answered;
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | dns.LookupAddress[],
  family?: number,
) => void;

/** A dns.lookup that answers only addresses the policy accepts. */
function guardedLookup(policy: OutboundPolicy) {
  return (hostname: string, options: dns.LookupOptions, callback: LookupCallback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const list = addresses as dns.LookupAddress[];
      for (const entry of list) {
        const refusal = refusalForAddress(entry.address, policy, `${hostname} resolves to`);
        if (refusal) return callback(Object.assign(new RefusedUrlError(refusal), { code: "EREFUSEDADDRESS" }), []);
      }
      if (options.all) return callback(null, list);
      const [first] = list;
      if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" }), []);
      callback(null, first.address, first.family);
    });
  };
}

export interface OutboundResponse {
  status: number;
  /** The first bytes of the answer (at most 64 KB read). */
  body: string;
  /** The Location header of a redirect (not followed). */
  location: string | null;
  latencyMs: number;
}

/** POSTs `body` to `rawUrl` under the policy. Throws RefusedUrlError for a refused URL or address. */
export function postGuarded(
  rawUrl: string,
  body: string,
  headers: Record<string, string>,
  policy: OutboundPolicy,
): Promise<OutboundResponse> {
  const refusal = refusalForUrl(rawUrl, policy);
  if (refusal) return Promise.reject(new RefusedUrlError(refusal));
  const url = new URL(rawUrl);
  const started = performance.now();
  const transport = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const request = transport.request(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "Guestpass-Webhooks/1",
        ...headers,
        "content-length": String(Buffer.byteLength(body)),
      },
      lookup: guardedLookup(policy) as unknown as typeof dns.lookup,
      agent: false,
    });
    let answer: http.IncomingMessage | null = null;
    const timer = setTimeout(() => {
      // A status line already came: that is the answer (Standard Webhooks judges a delivery by its
      // status code), and the body that stalls after it is cut off with what arrived.
      if (answer) return answer.destroy();
      request.destroy(
        Object.assign(
          new Error(`No answer within ${Math.round((policy.timeoutMs ?? OUTBOUND_TIMEOUT_MS) / 1000)} s.`),
          { code: "ETIMEDOUT" },
        ),
      );
    }, policy.timeoutMs ?? OUTBOUND_TIMEOUT_MS);
    request.on("socket", (socket) => {
      socket.once("connect", () => {
        // The lookup already refused bad names; this also covers IP literals and anything else.
        const peer = socket.remoteAddress;
        const refused = peer && net.isIP(peer) ? refusalForAddress(peer, policy, "The connection reached") : null;
        if (refused) request.destroy(new RefusedUrlError(refused));
      });
    });
    request.on("response", (response) => {
      answer = response;
      const chunks: Buffer[] = [];
      let size = 0;
      response.on("data", (chunk: Buffer) => {
        if (size >= MAX_RESPONSE_BYTES) return;
        chunks.push(chunk.subarray(0, MAX_RESPONSE_BYTES - size));
        size += chunk.length;
        if (size >= MAX_RESPONSE_BYTES) response.destroy();
      });
      const finish = () => {
        clearTimeout(timer);
        resolve({
          status: response.statusCode ?? 0,
          body: Buffer.concat(chunks).toString("utf8"),
          location: response.headers.location ?? null,
          latencyMs: Math.round(performance.now() - started),
        });
      };
      response.on("end", finish);
      response.on("close", finish);
      response.on("error", finish);
    });
    request.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.end(body);
  });
}
