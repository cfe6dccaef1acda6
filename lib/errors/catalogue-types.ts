import "server-only";
/**
 * Shape of one entry of the Microsoft error catalogue. Written for people: staff read `meaning`
 * and `fix` on the invitation detail page; invited users read `invitedUserMessage` on the
 * consent pages (never the staff wording, which talks about portal settings they cannot reach).
 */
export type ErrorAudience = "staff" | "invited-user" | "both";

export interface CatalogueEntry {
  /** Catalogue key: an AADSTS code ("AADSTS50020"), an OAuth error ("invalid_grant"), a Graph code. */
  readonly key: string;
  readonly title: string;
  /** What happened, in plain words for staff. */
  readonly meaning: string;
  /** Concrete steps, in order (portal blade, permission, setting). */
  readonly fix: readonly string[];
  /** Wording for the invited user, where they can be the one who sees it. */
  readonly invitedUserMessage?: string;
  /** Who typically meets this error. */
  readonly audience: ErrorAudience;
  /** True when trying again later (same request) can succeed without anyone changing anything. */
  readonly transient: boolean;
}
