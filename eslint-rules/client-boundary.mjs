// Code that runs in the browser ("use client" files and everything in components/) may import
// packages, other client code, server actions and lib/shared/ (types, validation, labels, action
// results); the rest of lib/ is server code. Type-only imports are erased and allowed.
// Also: every server module of lib/ imports "server-only" (rule server-only).
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");

function isClientFile(context) {
  const file = context.filename;
  if (path.relative(root, file).startsWith(`components${path.sep}`)) return true;
  const first = context.sourceCode.ast.body[0];
  return first?.type === "ExpressionStatement" && first.directive === "use client";
}

function serverTarget(file, source) {
  let target;
  if (source.startsWith("@/")) target = path.join(root, source.slice(2));
  else if (source.startsWith(".")) target = path.resolve(path.dirname(file), source);
  else return null;
  const relative = path.relative(root, target).split(path.sep).join("/");
  return relative.startsWith("lib/") && !relative.startsWith("lib/shared/") ? relative : null;
}

export const clientBoundary = {
  meta: {
    type: "problem",
    docs: { description: "Client code imports no server module (only lib/shared/ from lib/)." },
    messages: {
      server:
        "“{{source}}” is server code ({{target}}); browser code may import only lib/shared/ from lib/ (or a server action).",
    },
    schema: [],
  },
  create(context) {
    if (!isClientFile(context)) return {};
    const check = (node) => {
      if (!node.source || node.importKind === "type" || node.exportKind === "type") return;
      const target = serverTarget(context.filename, String(node.source.value));
      if (target)
        context.report({ node: node.source, messageId: "server", data: { source: node.source.value, target } });
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};

// Every module of lib/ outside lib/shared/ is server code and says so: `import "server-only"` makes
// the build refuse it in a browser bundle, whatever imports it. Tests and test support are exempt.
function needsServerOnly(file) {
  const relative = path.relative(root, file).split(path.sep).join("/");
  return (
    relative.startsWith("lib/") &&
    !relative.startsWith("lib/shared/") &&
    !relative.startsWith("lib/db/generated/") &&
    /\.tsx?$/.test(relative) &&
    !/\.(test|int\.test|test-support)\.tsx?$/.test(relative) &&
    !relative.endsWith(".d.ts")
  );
}

export const serverOnly = {
  meta: {
    type: "problem",
    docs: { description: 'Every server module of lib/ imports "server-only".' },
    messages: {
      missing:
        'lib/ outside lib/shared/ is server code: add `import "server-only";` at the top (or move client-safe code to lib/shared/).',
    },
    schema: [],
  },
  create(context) {
    if (!needsServerOnly(context.filename)) return {};
    return {
      Program(program) {
        const marked = program.body.some(
          (node) =>
            node.type === "ImportDeclaration" && node.source.value === "server-only" && node.specifiers.length === 0,
        );
        if (!marked) context.report({ node: program, loc: { line: 1, column: 0 }, messageId: "missing" });
      },
    };
  },
};

const plugin = { rules: { "client-boundary": clientBoundary, "server-only": serverOnly } };
export default plugin;
