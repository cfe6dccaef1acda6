"use client";
// Toasts for the outcome of an action ("Invitation resent"). Follows the system colour scheme.
import { Toaster as Sonner } from "sonner";

export function Toaster() {
  return <Sonner theme="system" position="bottom-right" richColors closeButton toastOptions={{ duration: 5000 }} />;
}
