import "server-only";
// One remote key set per JWKS URI and process: jose caches the keys and refetches on an unknown
// `kid` (with a cooldown), so a key rollover at Microsoft needs no restart.
import { createRemoteJWKSet } from "jose";

const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

export function remoteKeySet(uri: string): ReturnType<typeof createRemoteJWKSet> {
  let set = keySets.get(uri);
  if (!set) {
    set = createRemoteJWKSet(new URL(uri));
    keySets.set(uri, set);
  }
  return set;
}
