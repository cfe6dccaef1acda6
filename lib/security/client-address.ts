import "server-only";
// Who is asking, for rate limits on the public consent pages. The socket address by default: an
// X-Forwarded-For header is the client's to write, so trusting it would let anyone pick a fresh
// identity per request. Behind reverse proxies that append to it (TRUSTED_PROXY_HOPS = how many),
// the client is the entry that many places from the right, as the nearest proxy saw it.
//
// Next keeps an X-Forwarded-For the client sent and only fills it in from the socket when absent,
// so the socket address cannot be read from it; lib/security/peer-address-stamp.ts writes it into
// PEER_ADDRESS_HEADER on every request, over anything the client sent under that name.
export const PEER_ADDRESS_HEADER = "x-guestpass-peer-address";

/** Lower-cased, IPv4-mapped IPv6 unwrapped, at most 64 characters (it becomes part of a row key). */
function normalise(address: string): string {
  const trimmed = address
    .trim()
    .toLowerCase()
    .replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "");
  return trimmed.slice(0, 64) || "unknown";
}

export function clientAddress(headers: Headers, trustedProxyHops: number): string {
  const peer = headers.get(PEER_ADDRESS_HEADER) ?? "";
  if (trustedProxyHops <= 0) return normalise(peer);
  const forwarded = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  // [client, proxy1, …] as forwarded, then the socket (the nearest proxy); `hops` from the right.
  const chain = [...forwarded, peer].filter(Boolean);
  if (chain.length === 0) return "unknown";
  return normalise(chain[Math.max(0, chain.length - 1 - trustedProxyHops)]!);
}
