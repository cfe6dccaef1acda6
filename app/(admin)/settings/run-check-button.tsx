"use client";
// Runs the registration check on demand; the page re-renders with the stored result.
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/button";
import { runRegistrationCheck } from "./actions";

export function RunCheckButton({ label = "Run check" }: { label?: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <Button
      disabled={pending}
      aria-busy={pending}
      onClick={() =>
        startTransition(async () => {
          const result = await runRegistrationCheck();
          if (result.ok) {
            toast.success(result.message ?? "Checked.");
            router.refresh();
          } else {
            toast.error(result.message);
          }
        })
      }
    >
      {pending ? "Checking…" : label}
    </Button>
  );
}
