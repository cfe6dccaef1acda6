import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { PageHeader } from "@/components/page-header";
import { canManageWebhooks } from "@/lib/auth/permissions";
import { requireStaff } from "@/lib/auth/session";
import { getWebhookEndpoint, listDeliveries } from "@/lib/webhooks/queries";
import { EndpointState } from "../endpoint-list";
import { DeliveriesList } from "./deliveries-list";

export const metadata: Metadata = { title: "Webhook deliveries" };

export default async function WebhookDeliveriesPage({ params }: { params: Promise<{ id: string }> }) {
  const { id: raw } = await params;
  const staff = await requireStaff(`/settings/webhooks/${encodeURIComponent(raw)}`);
  const id = z.uuid().safeParse(raw);
  if (!id.success) notFound();
  const endpoint = await getWebhookEndpoint(id.data.toLowerCase());
  if (!endpoint) notFound();
  const deliveries = await listDeliveries(endpoint.id);
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/settings/webhooks" className="text-accent underline">
          ← Webhooks
        </Link>
      </p>
      <PageHeader title="Deliveries" description={<span className="break-all font-mono">{endpoint.url}</span>} />
      <div className="mb-4 flex flex-wrap items-center gap-2 text-sm text-ink-muted">
        <EndpointState
          endpoint={{ enabled: endpoint.enabled, failingSince: endpoint.failingSince?.toISOString() ?? null }}
        />
        {endpoint.pending} waiting · {endpoint.failed} failed
      </div>
      {endpoint.failingSince ? (
        <p role="alert" className="mb-4 rounded-md border border-danger/40 bg-danger/5 p-3 text-sm text-danger">
          This endpoint is failing: {endpoint.failingReason} Its events wait, none are dropped; redeliver once the
          receiver works.
        </p>
      ) : null}
      <DeliveriesList
        endpointId={endpoint.id}
        canManage={canManageWebhooks(staff)}
        failed={endpoint.failed}
        deliveries={deliveries}
      />
    </>
  );
}
