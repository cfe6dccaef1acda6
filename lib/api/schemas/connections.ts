import "server-only";
// Connecting a person by consent link alone, as the API takes and answers it.
import { z } from "zod";
import { invitationSchema } from "./invitations";

export const connectionRequestSchema = z
  .object({
    email: z.string().max(320).meta({ description: "The address of the account the person will consent with." }),
    displayName: z.string().max(256).optional(),
    messageLanguage: z
      .enum(["en", "zh-CN"])
      .optional()
      .meta({ description: "The consent page's language; absent: the person's browser decides." }),
  })
  .meta({ id: "ConnectionRequest" });

export const consentLinkSchema = z
  .object({
    url: z
      .string()
      .meta({ description: "Send it to the person. Shown only in this answer: Guestpass keeps its hash." }),
    expiresAt: z.iso.datetime(),
  })
  .meta({ id: "ConsentLink" });

export const connectionSchema = z
  .object({
    invitation: invitationSchema,
    consentLink: consentLinkSchema,
  })
  .meta({ id: "Connection" });
