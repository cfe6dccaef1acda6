import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/page-header";
import { canManageWebhooks } from "@/lib/auth/permissions";
import { requireStaff } from "@/lib/auth/session";
import { getEnv } from "@/lib/env";
import { listWebhookEndpoints } from "@/lib/webhooks/queries";
import { CreateEndpointForm } from "./create-endpoint-form";
import { EndpointList } from "./endpoint-list";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  const staff = await requireStaff("/settings/webhooks");
  const canManage = canManageWebhooks(staff);
  const endpoints = await listWebhookEndpoints();
  const failing = endpoints.filter((endpoint) => endpoint.enabled && endpoint.failingSince).length;
  return (
    <>
      <PageHeader
        title="Webhooks"
        description={
          <>
            Guestpass tells your product about every change (an invitation sent, a grant usable or erased, a message
            sent) by POSTing a signed event to these URLs. The{" "}
            <Link href="/docs/api" className="text-accent underline">
              API reference
            </Link>{" "}
            lists each event&apos;s body.
          </>
        }
      />
      <div className="space-y-8">
        {failing > 0 ? (
          <p
            role="alert"
            className="rounded-md border border-danger/40 bg-danger/5 p-3 text-sm text-danger"
            data-testid="webhooks-failing-banner"
          >
            {failing === 1 ? "One endpoint is failing" : `${failing} endpoints are failing`}: its events wait until the
            receiver answers again and you redeliver them.
          </p>
        ) : null}
        {canManage ? (
          <section
            aria-labelledby="new-endpoint-heading"
            className="rounded-lg border border-line bg-surface p-4 sm:p-6"
          >
            <h2 id="new-endpoint-heading" className="mb-4 text-base font-semibold text-ink">
              Add an endpoint
            </h2>
            <CreateEndpointForm allowLoopbackHttp={getEnv().WEBHOOK_ALLOW_LOOPBACK_HTTP} />
          </section>
        ) : null}
        <section aria-labelledby="endpoints-heading">
          <h2 id="endpoints-heading" className="mb-3 text-base font-semibold text-ink">
            Endpoints
          </h2>
          <EndpointList
            canManage={canManage}
            endpoints={endpoints.map((endpoint) => ({
              ...endpoint,
              failingSince: endpoint.failingSince?.toISOString() ?? null,
              lastDeliveredAt: endpoint.lastDeliveredAt?.toISOString() ?? null,
            }))}
          />
        </section>
      </div>
    </>
  );
}
