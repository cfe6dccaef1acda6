// The API reference, rendered from the same OpenAPI document /api/v1/openapi.json serves (so it
// cannot drift from the API), with a curl quickstart. Public: it describes the API, holds no secret.
import type { Metadata } from "next";
import { GuestpassMark } from "@/components/icons";
import { buildOpenApiDocument } from "@/lib/api/openapi";
import { getEnv } from "@/lib/env";
import { API_SCOPE_DESCRIPTIONS, API_SCOPES } from "@/lib/shared/api-scopes";

export const metadata: Metadata = { title: "API reference" };

interface DocumentedOperation {
  operationId: string;
  summary: string;
  description?: string;
  "x-guestpass-scope": string;
  parameters?: { name: string; in: string; required?: boolean; description?: string; schema?: unknown }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { description: string }>;
}

const METHOD_TONE: Record<string, string> = {
  get: "text-info",
  post: "text-success",
  delete: "text-danger",
  put: "text-warning",
  patch: "text-warning",
};

export default function ApiReferencePage() {
  const document = buildOpenApiDocument();
  const base = `${getEnv().APP_URL}/api/v1`;
  const operations = Object.entries(document.paths ?? {}).flatMap(([route, item]) =>
    Object.entries(item ?? {}).map(([method, operation]) => ({
      route,
      method,
      operation: operation as unknown as DocumentedOperation,
    })),
  );
  return (
    <main className="mx-auto max-w-4xl px-4 py-10 text-ink">
      <div className="mb-8 flex items-center gap-2.5">
        <GuestpassMark />
        <span className="text-lg font-semibold tracking-tight">Guestpass</span>
      </div>
      <h1 className="text-2xl font-semibold tracking-tight">API reference</h1>
      <p className="mt-2 text-sm text-ink-muted">{document.info.description}</p>
      <p className="mt-2 text-sm">
        Machine-readable:{" "}
        <a className="text-accent underline" href="/api/v1/openapi.json">
          /api/v1/openapi.json
        </a>{" "}
        (OpenAPI {document.openapi}, version {document.info.version}).
      </p>

      <section aria-labelledby="quickstart" className="mt-8 space-y-3">
        <h2 id="quickstart" className="text-lg font-semibold">
          Quickstart
        </h2>
        <ol className="list-decimal space-y-3 pl-5 text-sm">
          <li>
            An administrator creates a key in Settings → API keys, with the scopes the product needs, and copies it (it
            is shown once).
          </li>
          <li>
            List the users who consented:
            <pre className="mt-1 overflow-x-auto rounded bg-surface-muted p-3 text-xs">{`curl -H "Authorization: Bearer $GUESTPASS_KEY" ${base}/grants`}</pre>
          </li>
          <li>
            Read one, with its status and reconnect link:
            <pre className="mt-1 overflow-x-auto rounded bg-surface-muted p-3 text-xs">{`curl -H "Authorization: Bearer $GUESTPASS_KEY" ${base}/grants/$GRANT_ID`}</pre>
          </li>
          <li>
            Send a mail as that user. The answer is 202 with the message&apos;s id at once; the worker sends it within
            Outlook&apos;s limits for that mailbox, and a repeat with the same Idempotency-Key sends nothing more:
            <pre className="mt-1 overflow-x-auto rounded bg-surface-muted p-3 text-xs">{`curl -X POST -H "Authorization: Bearer $GUESTPASS_KEY" -H "Idempotency-Key: $(uuidgen)" \\
  -H "Content-Type: application/json" ${base}/grants/$GRANT_ID/messages \\
  -d '{"to":["someone@example.org"],"subject":"Hello","text":"Sent as the user through Guestpass"}'`}</pre>
          </li>
          <li>
            Read the message&apos;s status (Queued, then Sent, or Failed with what it means and the fix):
            <pre className="mt-1 overflow-x-auto rounded bg-surface-muted p-3 text-xs">{`curl -H "Authorization: Bearer $GUESTPASS_KEY" ${base}/messages/$MESSAGE_ID`}</pre>
          </li>
        </ol>
      </section>

      <section aria-labelledby="scopes" className="mt-8">
        <h2 id="scopes" className="text-lg font-semibold">
          Scopes
        </h2>
        <ul className="mt-2 space-y-1 text-sm">
          {API_SCOPES.map((scope) => (
            <li key={scope}>
              <code>{scope}</code>: {API_SCOPE_DESCRIPTIONS[scope].description}
              {API_SCOPE_DESCRIPTIONS[scope].dangerous
                ? " Off unless the operator enables it (API_TOKEN_ISSUE_ENABLED)."
                : ""}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="operations" className="mt-8 space-y-6">
        <h2 id="operations" className="text-lg font-semibold">
          Operations
        </h2>
        {operations.map(({ route, method, operation }) => (
          <article
            key={operation.operationId}
            id={operation.operationId}
            aria-labelledby={`${operation.operationId}-title`}
            className="rounded-lg border border-line bg-surface p-4"
          >
            <h3 id={`${operation.operationId}-title`} className="font-mono text-sm">
              <span className={`font-semibold uppercase ${METHOD_TONE[method] ?? ""}`}>{method}</span> /api/v1{route}
            </h3>
            <p className="mt-1 text-sm font-medium">{operation.summary}</p>
            {operation.description ? (
              <p className="mt-1 whitespace-pre-line text-sm text-ink-muted">{operation.description}</p>
            ) : null}
            {operation.parameters?.length ? (
              <ul className="mt-2 space-y-0.5 text-xs">
                {operation.parameters.map((parameter) => (
                  <li key={`${parameter.in}:${parameter.name}`}>
                    <code>{parameter.name}</code> ({parameter.in}
                    {parameter.required ? ", required" : ""}){parameter.description ? `: ${parameter.description}` : ""}
                  </li>
                ))}
              </ul>
            ) : null}
            {operation.requestBody ? (
              <details className="mt-2 text-xs">
                <summary className="cursor-pointer">Request body (JSON Schema)</summary>
                <pre className="mt-1 overflow-x-auto rounded bg-surface-muted p-2">
                  {JSON.stringify(operation.requestBody.content["application/json"]?.schema, null, 2)}
                </pre>
              </details>
            ) : null}
            <ul className="mt-2 flex flex-wrap gap-x-3 text-xs text-ink-muted">
              {Object.entries(operation.responses).map(([status, response]) => (
                <li key={status}>
                  <code>{status}</code> {response.description}
                </li>
              ))}
            </ul>
          </article>
        ))}
      </section>
    </main>
  );
}
