import path from "node:path";
import { RuleTester } from "eslint";
import tseslint from "typescript-eslint";
import { describe, it } from "vitest";
import { clientBoundary } from "./client-boundary.mjs";

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
