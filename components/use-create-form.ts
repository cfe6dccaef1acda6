"use client";
// A form that creates something shown once (an API key, a webhook endpoint's secret): a save form
// (use-save-form.ts) that also holds what was created for the page to show and clears its fields.
import { useState, type FormEvent } from "react";
import type { ActionResult } from "@/lib/shared/action-result";
import { useSaveForm } from "./use-save-form";

export function useCreateForm<T>(action: (data: FormData) => Promise<ActionResult<T>>, doneMessage: string) {
  const { pending, hydrated, failure, save } = useSaveForm(action, doneMessage);
  const [created, setCreated] = useState<T | null>(null);
  const errorOf = (field: string) => failure?.fieldErrors?.[field]?.[0] ?? null;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    save(form, (data) => {
      setCreated(data);
      form.reset();
    });
  };

  return { pending, hydrated, created, failure, errorOf, onSubmit };
}
