import "server-only";
import type { CatalogueEntry } from "./catalogue-types";
import { apiErrors } from "./catalogue-api";
import { graphErrors } from "./catalogue-graph";
import { identityErrors } from "./catalogue-identity";
import { oauthErrors } from "./catalogue-oauth";

export type { CatalogueEntry, ErrorAudience } from "./catalogue-types";

const byKey = new Map<string, CatalogueEntry>();
for (const entry of [...identityErrors, ...oauthErrors, ...graphErrors, ...apiErrors])
  byKey.set(entry.key.toLowerCase(), entry);

/** The catalogue entry for a code (case-insensitive), or undefined when the code is not known. */
export function lookupError(key: string): CatalogueEntry | undefined {
  return byKey.get(key.toLowerCase());
}

/** Every entry, e.g. for a help page listing the known errors. */
export function allCatalogueEntries(): readonly CatalogueEntry[] {
  return [...identityErrors, ...oauthErrors, ...graphErrors, ...apiErrors];
}
