import "server-only";
// Every operation of the REST API, in the order the reference lists them. The OpenAPI document is
// generated from this list, and a test checks it against the route handlers under app/api/v1.
import { issueToken, proxyGraphGet, proxyGraphPost } from "./graph-proxy/operations";
import { createConnection } from "./connections/operations";
import { deleteGrant, getGrant, listGrants } from "./grants/operations";
import {
  createConsentLink,
  createInvitation,
  getInvitation,
  listInvitations,
  resendInvitation,
} from "./invitations/operations";
import { getMessage, listGrantMessages, sendMessage } from "./messages/operations";
import type { ApiOperation } from "./operation";

// Each operation's own types are checked where it is defined; the list only needs their shape.
type AnyOperation = ApiOperation<never, never, never>;

export const API_OPERATIONS: readonly AnyOperation[] = [
  listInvitations,
  getInvitation,
  createInvitation,
  resendInvitation,
  createConsentLink,
  createConnection,
  listGrants,
  getGrant,
  deleteGrant,
  sendMessage,
  listGrantMessages,
  getMessage,
  proxyGraphGet,
  proxyGraphPost,
  issueToken,
] as unknown as AnyOperation[];
