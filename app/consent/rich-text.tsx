// Tags the invited person's message files may use inside a sentence (`<strong>…</strong>`, `<mono>…</mono>` for a code).
import type { ReactNode } from "react";

export const strong = (chunks: ReactNode) => <strong className="text-ink">{chunks}</strong>;
export const mono = (chunks: ReactNode) => <code>{chunks}</code>;
