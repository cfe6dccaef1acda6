// HTML escaping and the shared page frame for the emulator's pages (sign-in, consent, redemption,
// overview). Plain server-rendered HTML: no scripts needed, so scripted clients can drive it too.
const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(value: string | number | null | undefined): string {
  return String(value ?? "").replace(/[&<>"']/g, (character) => ENTITIES[character]!);
}

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;background:#f2f2f2;color:#1b1b1b}
.card{max-width:440px;margin:48px auto;background:#fff;padding:36px 40px;box-shadow:0 2px 6px rgba(0,0,0,.2)}
.wide{max-width:1100px;margin:24px auto;padding:0 16px}
.brand{font-weight:600;color:#5e5e5e;margin-bottom:12px;font-size:13px;letter-spacing:.02em}
.brand b{color:#0067b8}
h1{font-size:24px;font-weight:600;margin:4px 0 16px}h2{font-size:18px;margin:24px 0 8px}
label{display:block;margin:12px 0 4px;font-size:13px}
input[type=text],input[type=email],input[type=password]{width:100%;padding:6px 2px;border:0;border-bottom:1px solid #666;font-size:15px;outline:none}
input:focus{border-bottom-color:#0067b8}
.buttons{display:flex;gap:8px;justify-content:flex-end;margin-top:24px}
button,.button{border:0;padding:7px 24px;font-size:15px;cursor:pointer;background:#ccc;color:#000;text-decoration:none;display:inline-block}
button.primary{background:#0067b8;color:#fff}button:focus-visible,.button:focus-visible{outline:2px solid #000;outline-offset:2px}
.account{display:flex;width:100%;text-align:left;background:#fff;border:0;border-bottom:1px solid #ddd;padding:10px 4px;gap:12px}
.account:hover{background:#f2f2f2}.muted{color:#5e5e5e;font-size:13px}
.hint{margin:20px 0 0;padding:8px 10px;background:#eff6fc;border-left:3px solid #0067b8;font-size:13px}
.error{color:#e81123;margin:8px 0}.code{font-family:ui-monospace,monospace;font-size:12px;word-break:break-all;background:#f6f6f6;padding:8px}
ul.scopes{padding-left:18px}ul.scopes li{margin:6px 0}
table{border-collapse:collapse;width:100%;background:#fff;font-size:13px}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #e5e5e5;vertical-align:top}
th{background:#fafafa;font-weight:600}.pill{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;background:#eee}
.pill.ok{background:#dff6dd}.pill.warn{background:#fff4ce}.pill.bad{background:#fde7e9}
section{margin-bottom:28px}
`;

export function page(title: string, body: string, options: { wide?: boolean; refreshSeconds?: number } = {}): string {
  const refresh = options.refreshSeconds ? `<meta http-equiv="refresh" content="${options.refreshSeconds}">` : "";
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">${refresh}<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main class="${options.wide ? "wide" : "card"}">${body}</main></body></html>`;
}

export const BRAND = `<div class="brand"><b>Microsoft</b> identity platform &middot; Guestpass emulator</div>`;
