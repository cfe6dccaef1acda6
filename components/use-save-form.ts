"use client";
// A settings form that saves in place (Brand, Invitation mail): it submits to its action, keeps
// field errors beside their fields (other failures as a toast) and refreshes the page on success.
// `hydrated`: its submit button waits for it (see use-hydrated.ts).
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import type { ActionFailure, ActionResult } from "@/lib/shared/action-result";
import { useHydrated } from "./use-hydrated";

export function useSaveForm<T>(action: (data: FormData) => Promise<ActionResult<T>>, doneMessage: string) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const hydrated = useHydrated();
  const [failure, setFailure] = useState<ActionFailure | null>(null);

  /** `onSaved` runs with the action's data before the toast and the refresh. */
  const save = (form: HTMLFormElement, onSaved?: (data: T) => void) => {
    const data = new FormData(form);
    startTransition(async () => {
      setFailure(null);
      const result = await action(data);
      if (!result.ok) {
        setFailure(result);
        if (!result.fieldErrors) toast.error(result.message);
        return;
      }
      onSaved?.(result.data);
      toast.success(result.message ?? doneMessage);
      router.refresh();
    });
  };
  return { pending, hydrated, failure, setFailure, save };
}
