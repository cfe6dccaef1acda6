"use client";
// False in the server's HTML and until the page's script has run, then true. A form submitted by
// script (onSubmit + a server action) would, before then, be submitted by the browser as a plain
// GET to the page: the fields in the address bar, a file dropped, nothing done. Its submit button
// waits on this instead.
import { useSyncExternalStore } from "react";

const subscribeToNothing = () => () => {};

export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribeToNothing,
    () => true,
    () => false,
  );
}
