import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/page-header";
import { listApiKeys } from "@/lib/api/keys/queries";
import { requireAdmin } from "@/lib/auth/session";
import { getEnv } from "@/lib/env";
import { CreateKeyForm } from "./create-key-form";
import { KeyList } from "./key-list";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  await requireAdmin("/settings/api-keys");
  const keys = await listApiKeys();
  return (
    <>
      <PageHeader
        title="API keys"
        description={
          <>
            Your product calls Guestpass&apos;s REST API under <code>/api/v1</code> with one of these keys. The{" "}
            <Link href="/docs/api" className="text-accent underline">
              API reference
            </Link>{" "}
            lists every call and the scope it needs.
          </>
        }
      />
      <div className="space-y-8">
        <section aria-labelledby="new-key-heading" className="rounded-lg border border-line bg-surface p-4 sm:p-6">
          <h2 id="new-key-heading" className="mb-4 text-base font-semibold text-ink">
            Create a key
          </h2>
          <CreateKeyForm tokenIssueEnabled={getEnv().API_TOKEN_ISSUE_ENABLED} />
        </section>
        <section aria-labelledby="keys-heading">
          <h2 id="keys-heading" className="mb-3 text-base font-semibold text-ink">
            Keys
          </h2>
          <KeyList
            keys={keys.map((key) => ({
              ...key,
              createdAt: key.createdAt.toISOString(),
              expiresAt: key.expiresAt?.toISOString() ?? null,
              lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
              revokedAt: key.revokedAt?.toISOString() ?? null,
            }))}
          />
        </section>
      </div>
    </>
  );
}
