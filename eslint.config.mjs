// ESLint flat config: Next's rules (core web vitals + TypeScript) plus the project's own guard rails.
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypeScript from "eslint-config-next/typescript";
import guestpass from "./eslint-rules/client-boundary.mjs";
import prettier from "eslint-config-prettier/flat";

const config = [
  {
    ignores: [
      "node_modules/**",
      ".next/**",
      ".data/**",
      ".emulator/**",
      "lib/db/generated/**",
      "lib/shared/api-client/schema.d.ts",
      "next-env.d.ts",
      "test-results/**",
      "playwright-report/**",
      "bench/results/**",
      "coverage/**",
    ],
  },
  ...nextVitals,
  ...nextTypeScript,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // An import cycle means two modules that cannot be understood (or loaded) apart; queuing a
    // job once imported every job's handler this way.
    files: [
      "app/**/*.{ts,tsx}",
      "components/**/*.{ts,tsx}",
      "lib/**/*.{ts,tsx}",
      "scripts/**/*.ts",
      "proxy.ts",
      "instrumentation.ts",
    ],
    rules: { "import/no-cycle": ["error", { ignoreExternal: true }] },
  },
  {
    // The Graph layer speaks Graph's names only: a domain (invitations, consent, grants…) builds its
    // requests and reads the answers, so a domain type never decides what Graph is sent.
    files: ["lib/graph/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: [
                "@/lib/*",
                "!@/lib/graph",
                "!@/lib/env",
                "!@/lib/errors",
                "!@/lib/identity",
                "!@/lib/log",
                "!@/lib/db",
              ],
              message: "lib/graph imports no domain code: pass Graph's own request types in from the domain.",
            },
          ],
        },
      ],
    },
  },
  {
    // An invitation's timeline is written by its lifecycle alone (lib/invitations/lifecycle.ts), so
    // every event is one the lifecycle declares and the timeline has a label for.
    files: ["app/**/*.{ts,tsx}", "lib/**/*.ts", "scripts/**/*.ts"],
    ignores: ["lib/invitations/lifecycle.ts", "**/*.test.ts", "**/*.test-support.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector:
            "CallExpression > MemberExpression[object.property.name='invitationEvent'][property.name=/^(create|createMany|update|updateMany|upsert)$/]",
          message:
            "Write invitation events through lib/invitations/lifecycle.ts (transitionInvitation, recordInvitationEvent).",
        },
      ],
    },
  },
  {
    // What runs in the browser may not import server code (eslint-rules/client-boundary.mjs); every
    // server module in lib/ also imports "server-only", so the build refuses it too.
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}"],
    plugins: { guestpass },
    rules: { "guestpass/client-boundary": "error" },
  },
  {
    files: ["lib/**/*.{ts,tsx}"],
    plugins: { guestpass },
    rules: { "guestpass/server-only": "error" },
  },
  {
    // Configuration is read in one place (lib/env.ts), validated; everything else asks it.
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}", "lib/**/*.{ts,tsx}"],
    ignores: ["lib/env.ts", "**/*.test.ts"],
    rules: {
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read configuration through getEnv() from @/lib/env." },
      ],
    },
  },
  // Layout is Prettier's job (`npm run lint` runs `prettier --check`): no ESLint rule may fight it.
  prettier,
];

export default config;
