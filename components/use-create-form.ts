"use client";
// A form that creates something shown once (an API key, a webhook endpoint's secret): it submits
// to its action, keeps field errors beside their fields (other failures as a toast), holds what
// was created for the page to show, and refreshes the list below it. `hydrated`: its submit button
// waits for it (see use-hydrated.ts).
import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { toast } from "sonner";
import { useHydrated } from "./use-hydrated";
import type { ActionFailure, ActionResult } from "@/lib/shared/action-result";

export function useCreateForm<T>(action: (data: FormData) => Promise<ActionResult<T>>, doneMessage: string) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const hydrated = useHydrated();
  const [failure, setFailure] = useState<ActionFailure | null>(null);
  const [created, setCreated] = useState<T | null>(null);
  const errorOf = (field: string) => failure?.fieldErrors?.[field]?.[0] ?? null;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    startTransition(async () => {
      setFailure(null);
      const result = await action(data);
      if (!result.ok) {
        setFailure(result);
        if (!result.fieldErrors) toast.error(result.message);
        return;
      }
      setCreated(result.data);
      form.reset();
      toast.success(result.message ?? doneMessage);
      router.refresh();
    });
  };

  return { pending, hydrated, created, failure, errorOf, onSubmit };
}
