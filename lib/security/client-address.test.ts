import { describe, expect, it } from "vitest";
import { clientAddress, PEER_ADDRESS_HEADER } from "./client-address";

const headers = (fields: Record<string, string>) => new Headers(fields);

describe("client address", () => {
  it("is the socket address by default, whatever X-Forwarded-For says", () => {
    expect(clientAddress(headers({ [PEER_ADDRESS_HEADER]: "203.0.113.7", "x-forwarded-for": "198.51.100.1" }), 0)).toBe(
      "203.0.113.7",
    );
    expect(clientAddress(headers({ [PEER_ADDRESS_HEADER]: "::ffff:203.0.113.7" }), 0)).toBe("203.0.113.7");
    expect(clientAddress(headers({ "x-forwarded-for": "198.51.100.1" }), 0)).toBe("unknown");
  });

  it("behind N trusted proxies, takes the entry N from the right of X-Forwarded-For + socket", () => {
    // client → lb (appends client) → portal: socket = lb
    const oneHop = headers({ [PEER_ADDRESS_HEADER]: "10.0.0.2", "x-forwarded-for": "forged, 198.51.100.1" });
    expect(clientAddress(oneHop, 1)).toBe("198.51.100.1");
    // client → cdn → lb → portal
    const twoHops = headers({ [PEER_ADDRESS_HEADER]: "10.0.0.2", "x-forwarded-for": "forged, 198.51.100.1, 10.0.0.9" });
    expect(clientAddress(twoHops, 2)).toBe("198.51.100.1");
    // fewer entries than hops (a request that bypassed a proxy): the furthest one known
    expect(clientAddress(headers({ [PEER_ADDRESS_HEADER]: "10.0.0.2" }), 2)).toBe("10.0.0.2");
  });
});
