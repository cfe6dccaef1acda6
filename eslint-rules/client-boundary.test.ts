import path from "node:path";
import { RuleTester } from "eslint";
import tseslint from "typescript-eslint";
import { describe, it } from "vitest";
import { clientBoundary, serverOnly } from "./client-boundary.mjs";

RuleTester.describe = describe;
RuleTester.it = it;
const tester = new RuleTester({
  languageOptions: { parser: tseslint.parser, ecmaVersion: 2022, sourceType: "module" },
});
const root = path.resolve(import.meta.dirname, "..");
const at = (file: string) => path.join(root, file);

tester.run("client-boundary", clientBoundary, {
  valid: [
    {
      filename: at("app/(admin)/x/form.tsx"),
      code: '"use client";\nimport { z } from "zod";\nimport { checkInvitedEmail } from "@/lib/shared/email-validation";\nimport { inviteUser } from "../actions";',
    },
    {
      filename: at("app/(admin)/x/form.tsx"),
      code: '"use client";\nimport type { StaffSession } from "@/lib/auth/permissions";',
    },
    // A server component may import server code.
    { filename: at("app/(admin)/x/page.tsx"), code: 'import { prisma } from "@/lib/db/client";' },
  ],
  invalid: [
    {
      filename: at("app/(admin)/x/form.tsx"),
      code: '"use client";\nimport { prisma } from "@/lib/db/client";',
      errors: [{ messageId: "server" }],
    },
    {
      filename: at("components/widget.tsx"),
      code: 'import { getEnv } from "../lib/env";',
      errors: [{ messageId: "server" }],
    },
    {
      filename: at("components/widget.tsx"),
      code: 'export { sendMailAs } from "@/lib/grants/send-mail";',
      errors: [{ messageId: "server" }],
    },
  ],
});

tester.run("server-only", serverOnly, {
  valid: [
    { filename: at("lib/invitations/resend.ts"), code: 'import "server-only";\nimport { z } from "zod";' },
    // A leading comment or directive does not matter; the import does.
    { filename: at("lib/log.ts"), code: '// Structured logs.\nimport "server-only";\nexport const x = 1;' },
    // Client-safe code, tests and test support need none.
    { filename: at("lib/shared/labels.ts"), code: "export const x = 1;" },
    { filename: at("lib/env.test.ts"), code: 'import { it } from "vitest";' },
    { filename: at("lib/api/grants/grants-api.int.test.ts"), code: 'import { it } from "vitest";' },
    { filename: at("lib/api/api.test-support.ts"), code: "export const x = 1;" },
    { filename: at("app/(admin)/page.tsx"), code: "export default function Page() {}" },
  ],
  invalid: [
    { filename: at("lib/invitations/resend.ts"), code: 'import { z } from "zod";', errors: [{ messageId: "missing" }] },
    // Importing a name from it is not the side-effect import.
    {
      filename: at("lib/db/client.ts"),
      code: 'import x from "server-only";\nexport default x;',
      errors: [{ messageId: "missing" }],
    },
    { filename: at("lib/mail/outgoing.tsx"), code: "export const x = 1;", errors: [{ messageId: "missing" }] },
  ],
});
