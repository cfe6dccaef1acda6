import type { ESLint, Rule } from "eslint";

export const clientBoundary: Rule.RuleModule;
declare const plugin: ESLint.Plugin;
export default plugin;
