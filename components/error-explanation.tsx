// A Microsoft error as staff need it: what happened, what it means, how to fix it, and the ids to
// quote to Microsoft support. Fed by the error catalogue (lib/errors), never by raw messages.
export interface ExplainedErrorView {
  code: string;
  title: string;
  meaning: string;
  fix: readonly string[];
  requestId?: string;
  correlationId?: string;
  timestamp?: string;
  /** Microsoft's own words (already redacted by the catalogue). */
  message?: string;
}

export function ErrorExplanation({ error, heading }: { error: ExplainedErrorView; heading?: string }) {
  const ids = [
    error.requestId ? ["Request id", error.requestId] : null,
    error.correlationId ? ["Correlation id", error.correlationId] : null,
    error.timestamp ? ["Time", error.timestamp] : null,
  ].filter((x): x is [string, string] => x !== null);
  return (
    // The heading is often a whole sentence (an action's answer), so it reads as one: no capitals
    // styling; long codes and ids wrap instead of widening a narrow column.
    <section
      role="alert"
      aria-label={heading ?? error.title}
      data-error-code={error.code}
      className="min-w-0 rounded-lg border border-red-200 bg-danger-soft p-4 [overflow-wrap:anywhere] dark:border-red-900"
    >
      {heading ? (
        <p data-testid="error-heading" className="text-sm font-medium text-danger">
          {heading}
        </p>
      ) : null}
      <h3 className="mt-0.5 text-sm font-semibold text-ink">
        {error.title}{" "}
        <code className="ml-1 rounded bg-surface/70 px-1.5 py-0.5 text-xs font-medium text-danger">{error.code}</code>
      </h3>
      <p className="mt-2 text-sm text-ink">{error.meaning}</p>
      {error.fix.length > 0 ? (
        <div className="mt-3">
          <p className="text-xs font-semibold text-ink">How to fix it</p>
          <ol className="mt-1 list-decimal space-y-1 pl-5 text-sm text-ink">
            {error.fix.map((step) => (
              <li key={step}>{step}</li>
            ))}
          </ol>
        </div>
      ) : null}
      {error.message && error.message !== error.meaning ? (
        <p className="mt-3 text-xs text-ink-muted">
          Microsoft said: <q className="italic">{error.message}</q>
        </p>
      ) : null}
      {ids.length > 0 ? (
        <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs">
          {ids.map(([label, value]) => (
            <div key={label} className="contents">
              <dt className="text-ink-muted">{label}</dt>
              <dd className="font-mono text-ink select-all">{value}</dd>
            </div>
          ))}
        </dl>
      ) : null}
    </section>
  );
}
