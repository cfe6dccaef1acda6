import "server-only";
import { z } from "zod";
import { cursorParam, emailFilter, pageSchema, statusFilter, explanationSchema, pageLimit } from "./common";

export const GRANT_STATUSES = ["Active", "NeedsRenewal", "Suspended", "Erased", "Revoked"] as const;

export const grantSchema = z
  .object({
    id: z.string().meta({ description: "The grant's id: use it to send mail as the user." }),
    invitationId: z.string().nullable(),
    account: z.object({
      username: z.string().meta({ description: "The account that consented, e.g. ada@fabrikam.com." }),
      objectId: z.string().meta({ description: "Its object id in its home tenant." }),
    }),
    tenantId: z.string().meta({ description: "The user's home tenant." }),
    scopes: z.array(z.string()).meta({ description: "Delegated permissions the user granted." }),
    status: z.enum(GRANT_STATUSES),
    statusReason: explanationSchema
      .nullable()
      .meta({ description: "Why the grant is not usable, when it is not Active." }),
    consentedAt: z.iso.datetime(),
    lastRefreshedAt: z.iso.datetime().nullable(),
    accessTokenExpiresAt: z.iso.datetime().nullable(),
    reconnectUrl: z
      .string()
      .nullable()
      .meta({ description: "The consent page to send the user to when the grant needs renewal." }),
  })
  .meta({ id: "Grant" });

export const grantListQuery = z.object({
  email: emailFilter("Only the grant of this account (exact address)."),
  status: statusFilter(GRANT_STATUSES),
  tenantId: z.string().trim().max(64).optional().meta({ description: "Only grants of users from this home tenant." }),
  limit: pageLimit,
  cursor: cursorParam,
});

export const grantListSchema = pageSchema(grantSchema, "GrantList");

export const grantErasedSchema = z.object({ id: z.string(), status: z.literal("Erased") }).meta({ id: "GrantErased" });
