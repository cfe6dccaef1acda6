import type { ESLint, Rule } from "eslint";

export const clientBoundary: Rule.RuleModule;
export const serverOnly: Rule.RuleModule;
declare const plugin: ESLint.Plugin;
export default plugin;
