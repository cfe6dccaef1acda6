"use client";
// Search, status and sort for the invitations list. Plain GET form (works without JavaScript);
// with it, typing searches after a short pause and the selects apply at once. "/" jumps to search.
import { useRouter } from "next/navigation";
import { useEffect, useRef, useTransition } from "react";
import { Input } from "@/components/input";
import { Select } from "@/components/select";

const STATUS_LABELS: Record<string, string> = {
  Queued: "Queued",
  Sending: "Sending",
  PendingAcceptance: "Pending acceptance",
  Accepted: "Accepted",
  Consented: "Consented",
  Failed: "Failed",
  ConsentExpired: "Consent expired",
  Revoked: "Revoked",
};

export function ListFilters({
  q,
  status,
  sort,
  statuses,
}: {
  q?: string;
  status?: string;
  sort: string;
  statuses: string[];
}) {
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);
  const typing = useRef<ReturnType<typeof setTimeout> | null>(null);
  const [pending, startTransition] = useTransition();

  const apply = () => {
    if (!form.current) return;
    const data = new FormData(form.current);
    const params = new URLSearchParams();
    for (const [key, value] of data) {
      if (typeof value === "string" && value.trim() !== "" && !(key === "sort" && value === "newest"))
        params.set(key, value.trim());
    }
    // A new filter starts from the first page: the old cursor belongs to another result set.
    startTransition(() => router.replace(params.size > 0 ? `/invitations?${params}` : "/invitations"));
  };

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (event.key !== "/" || target?.closest("input, textarea, select, [contenteditable]")) return;
      event.preventDefault();
      document.getElementById("invitation-search")?.focus();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  return (
    <form
      ref={form}
      role="search"
      action="/invitations"
      method="get"
      onSubmit={(event) => {
        event.preventDefault();
        apply();
      }}
      className="flex flex-wrap items-end gap-3"
      aria-busy={pending}
    >
      <div className="min-w-56 flex-1">
        <label htmlFor="invitation-search" className="mb-1 block text-xs font-medium text-ink-muted">
          Search <kbd className="ml-1 rounded border border-line px-1 font-mono text-[10px]">/</kbd>
        </label>
        <Input
          id="invitation-search"
          name="q"
          type="search"
          defaultValue={q}
          placeholder="Address or name"
          autoComplete="off"
          onChange={() => {
            if (typing.current) clearTimeout(typing.current);
            typing.current = setTimeout(apply, 300);
          }}
        />
      </div>
      <div>
        <label htmlFor="invitation-status" className="mb-1 block text-xs font-medium text-ink-muted">
          Status
        </label>
        <Select id="invitation-status" name="status" defaultValue={status ?? ""} onChange={apply} key={status ?? "all"}>
          <option value="">All statuses</option>
          {statuses.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s] ?? s}
            </option>
          ))}
        </Select>
      </div>
      <div>
        <label htmlFor="invitation-sort" className="mb-1 block text-xs font-medium text-ink-muted">
          Sort
        </label>
        <Select id="invitation-sort" name="sort" defaultValue={sort} onChange={apply}>
          <option value="newest">Newest first</option>
          <option value="oldest">Oldest first</option>
          <option value="email">Address A→Z</option>
        </Select>
      </div>
      <noscript>
        <button type="submit" className="h-9 rounded-md border border-line px-3">
          Apply
        </button>
      </noscript>
      <span aria-live="polite" className="sr-only">
        {pending ? "Updating results" : ""}
      </span>
    </form>
  );
}
