"use client";
// The list's rows link with plain <a>s: a next/link in each of the 50 rows made the server render 50
// client components per request (with their RSC references and SSR work). This one listener gives
// those anchors what <Link> gave them: navigation inside the app without a full page load (click or
// Enter), and a prefetch when the pointer or the keyboard focus reaches one. Modified clicks (new
// tab, download…) keep the browser's own behaviour.
import { useRouter } from "next/navigation";
import type { FocusEvent, MouseEvent, ReactNode } from "react";

/** The same-origin, same-tab link an event happened on, as a path, or null. */
function inAppHref(target: EventTarget | null): string | null {
  const anchor = target instanceof Element ? target.closest("a[href]") : null;
  if (!(anchor instanceof HTMLAnchorElement) || anchor.hasAttribute("download")) return null;
  if (anchor.target && anchor.target !== "_self") return null;
  if (anchor.origin !== window.location.origin) return null;
  return `${anchor.pathname}${anchor.search}${anchor.hash}`;
}

export function InAppLinks({ children }: { children: ReactNode }) {
  const router = useRouter();
  const onClick = (event: MouseEvent) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const href = inAppHref(event.target);
    if (!href) return;
    event.preventDefault();
    router.push(href);
  };
  const prefetch = (event: MouseEvent | FocusEvent) => {
    const href = inAppHref(event.target);
    if (href) router.prefetch(href);
  };
  return (
    <div onClick={onClick} onMouseOver={prefetch} onFocus={prefetch}>
      {children}
    </div>
  );
}
