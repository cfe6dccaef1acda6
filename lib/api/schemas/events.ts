import "server-only";
// The `data` of the events that are not about an API resource of their own.
import { z } from "zod";

export const bulkRunSchema = z
  .object({
    id: z.string(),
    fileName: z.string(),
    status: z.enum(["Completed", "Failed"]),
    totalRows: z.number().int(),
    invitedCount: z.number().int(),
    existingCount: z.number().int(),
    failedCount: z.number().int(),
    stopReason: z.string().nullable().meta({ description: "Why the run stopped early (status Failed)." }),
    completedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: "BulkRun" });

export const registrationCheckSchema = z
  .object({
    id: z.string().meta({ description: "The check run's id (Settings → Registration)." }),
    status: z.enum(["pass", "warn", "fail", "info"]),
    ranAt: z.iso.datetime(),
    credentialExpiresAt: z.iso
      .datetime()
      .nullable()
      .meta({ description: "When the app's client secret or certificate stops working, when known." }),
    failedChecks: z.array(z.string()).meta({ description: "Titles of the checks that failed or warn." }),
  })
  .meta({ id: "RegistrationCheck" });

export const adminConsentRequiredSchema = z
  .object({
    invitationId: z.string(),
    tenantId: z.string().nullable().meta({ description: "The person's home tenant, when Microsoft named it." }),
    code: z.string().meta({ description: "Microsoft's error code, e.g. AADSTS90094." }),
  })
  .meta({ id: "AdminConsentRequired" });

export const webhookTestSchema = z.object({ endpointId: z.string(), message: z.string() }).meta({ id: "WebhookTest" });
