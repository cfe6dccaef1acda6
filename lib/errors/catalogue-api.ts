import "server-only";
import type { CatalogueEntry } from "./catalogue-types";

/**
 * Guestpass's own refusals on the REST API (/api/v1), for the developers of the company's product:
 * each becomes an RFC 9457 problem with this title, meaning and fix. Keys start with "api." so
 * they never collide with Microsoft's codes; a Microsoft error on the API keeps its own entry.
 */
const KEYS_PAGE = "Guestpass → Settings → API keys";

export const apiErrors: readonly CatalogueEntry[] = [
  {
    key: "api.unauthenticated",
    title: "No valid API key",
    meaning: "The request carried no API key, or one Guestpass does not know. Nothing was done.",
    fix: [
      `Send the key as "Authorization: Bearer gpk_…" (create one in ${KEYS_PAGE}).`,
      "Check that the whole key was copied; it is shown only once.",
    ],
    audience: "staff",
    transient: false,
  },
  {
    key: "api.key_revoked",
    title: "This API key was revoked",
    meaning: "An administrator revoked the key; every call made with it is refused.",
    fix: [`Ask an administrator for a new key (${KEYS_PAGE}) and replace the old one wherever it is configured.`],
    audience: "staff",
    transient: false,
  },
  {
    key: "api.key_expired",
    title: "This API key has expired",
    meaning: "The key passed the expiry date chosen when it was created.",
    fix: [`Ask an administrator for a new key (${KEYS_PAGE}); choose a longer lifetime if this one ran out too soon.`],
    audience: "staff",
    transient: false,
  },
  {
    key: "api.scope_missing",
    title: "This API key may not do that",
    meaning: "The key is valid but was not given the scope this call needs. Nothing was done.",
    fix: [
      `Create a key with the scope named in the problem (${KEYS_PAGE}); scopes of an existing key cannot be widened.`,
    ],
    audience: "staff",
    transient: false,
  },
  {
    key: "api.scope_disabled",
    title: "Handing out tokens is turned off",
    meaning:
      "This Guestpass does not hand users' access tokens to callers: the operator has not set API_TOKEN_ISSUE_ENABLED.",
    fix: [
      "Use the Graph proxy (/api/v1/grants/{id}/graph/…) instead: the token then never leaves Guestpass.",
      "Or ask the operator to enable token issue.",
    ],
    audience: "staff",
    transient: false,
  },
  {
    key: "api.rate_limited",
    title: "Too many requests with this key",
    meaning: "The key used up its request budget for the moment. Nothing was done for this request.",
    fix: [
      "Wait the number of seconds in Retry-After, then repeat the request.",
      "Spread requests out, or use one key per system so they do not share a budget.",
    ],
    audience: "staff",
    transient: true,
  },
  {
    key: "api.invalid_request",
    title: "The request is not valid",
    meaning: "A parameter or a field of the body is missing or malformed; `errors` names each one.",
    fix: [
      "Correct the fields named in `errors` and send the request again.",
      "The API reference (/api/v1/openapi.json) describes every field.",
    ],
    audience: "staff",
    transient: false,
  },
  {
    key: "api.not_found",
    title: "Not found",
    meaning: "Nothing with that id exists, or the path is not part of the API.",
    fix: ["Check the id; ids come from the list endpoints and the responses that created them."],
    audience: "staff",
    transient: false,
  },
  {
    key: "api.no_such_operation",
    title: "No such operation",
    meaning: "The API has no operation at this path. Nothing was done.",
    fix: [
      "Check the path against the reference (/docs/api) or the OpenAPI document (/api/v1/openapi.json): every operation is under /api/v1.",
    ],
    audience: "staff",
    transient: false,
  },
  {
    key: "api.conflict",
    title: "The record's state does not allow this",
    meaning:
      "The request is valid, but the record is not in a state where this can be done (e.g. a grant that was already erased).",
    fix: ["Read the record again and act on its current status."],
    audience: "staff",
    transient: false,
  },
  {
    key: "api.idempotency_conflict",
    title: "This Idempotency-Key was used for another request",
    meaning: "A request with the same Idempotency-Key but a different body was already accepted. Nothing new was done.",
    fix: [
      "Use a new Idempotency-Key (a UUID per logical operation) for a different request; repeat the same body to get the first answer again.",
    ],
    audience: "staff",
    transient: false,
  },
  {
    key: "api.resend_too_soon",
    title: "This invitation was resent a moment ago",
    meaning:
      "An invitation can be resent once every 10 minutes, so the person is not flooded with mail. Nothing was sent.",
    fix: [
      "Wait the number of seconds in Retry-After, then resend.",
      "If the mail does not arrive, create a consent link instead (POST /api/v1/invitations/{id}/consent-links) and send it yourself.",
    ],
    audience: "staff",
    transient: true,
  },
  {
    key: "api.grant_unusable",
    title: "Mail cannot be sent as this user",
    meaning:
      "The grant is not active: the user's consent expired, or an administrator suspended or erased it. The detail says which.",
    fix: [
      "Read the grant (GET /api/v1/grants/{id}) for its status and reconnect link, and send the user a fresh consent link if needed.",
    ],
    audience: "staff",
    transient: false,
  },
  {
    key: "api.unavailable",
    title: "Guestpass is unavailable for a moment",
    meaning: "Its database cannot be reached. Nothing was done.",
    fix: ["Repeat the request after the number of seconds in Retry-After."],
    audience: "staff",
    transient: true,
  },
  {
    key: "api.busy",
    title: "Guestpass is busy for a moment",
    meaning:
      "Every database connection stayed busy for longer than a request may wait, usually during a burst of calls. Nothing was done.",
    fix: ["Repeat the request after the number of seconds in Retry-After; spread bursts over a few seconds."],
    audience: "staff",
    transient: true,
  },
  {
    key: "api.internal",
    title: "Something went wrong in Guestpass",
    meaning: "An unexpected error; the server log has the details under the problem's correlation id.",
    fix: ["Repeat the request later; if it keeps failing, give the correlation id to your Guestpass operator."],
    audience: "staff",
    transient: true,
  },
];
