// Evaluates a parsed $filter against an entity the way the directory does: property names and
// string values compared case-insensitively, lambdas over collections.
import type { ComparisonOperator, FilterLiteral, FilterNode } from "./filter";

/** Every property name a filter refers to (lambda variables excluded), for validation against a schema. */
export function filterProperties(node: FilterNode, variables: readonly string[] = []): string[] {
  switch (node.kind) {
    case "and":
    case "or":
      return [...filterProperties(node.left, variables), ...filterProperties(node.right, variables)];
    case "not":
      return filterProperties(node.operand, variables);
    case "lambda":
      return [node.collection, ...filterProperties(node.predicate, [...variables, node.variable])];
    default:
      return variables.includes(node.property) ? [] : [node.property];
  }
}

type Scope = Record<string, unknown>;

function lookup(entity: Scope, name: string, variables: ReadonlyMap<string, unknown>): unknown {
  if (variables.has(name)) return variables.get(name);
  // Directory property names are matched case-insensitively by Graph.
  if (name in entity) return entity[name];
  const lower = name.toLowerCase();
  const key = Object.keys(entity).find((candidate) => candidate.toLowerCase() === lower);
  return key === undefined ? undefined : entity[key];
}

// Directory string comparisons are case-insensitive.
function normalise(value: unknown): unknown {
  return typeof value === "string" ? value.toLowerCase() : value;
}

function compare(operator: ComparisonOperator, actual: unknown, expected: FilterLiteral): boolean {
  const left = normalise(actual ?? null);
  const right = normalise(expected);
  switch (operator) {
    case "eq":
      return left === right;
    case "ne":
      return left !== right;
    default: {
      if (left === null || right === null || left === undefined) return false;
      if (typeof left !== typeof right) return false;
      const [a, b] = [left as string | number | boolean, right as string | number | boolean];
      const ordered = a < b ? -1 : a > b ? 1 : 0;
      if (operator === "gt") return ordered > 0;
      if (operator === "ge") return ordered >= 0;
      if (operator === "lt") return ordered < 0;
      return ordered <= 0;
    }
  }
}

export function evaluateFilter(
  node: FilterNode,
  entity: Scope,
  variables: ReadonlyMap<string, unknown> = new Map(),
): boolean {
  switch (node.kind) {
    case "and":
      return evaluateFilter(node.left, entity, variables) && evaluateFilter(node.right, entity, variables);
    case "or":
      return evaluateFilter(node.left, entity, variables) || evaluateFilter(node.right, entity, variables);
    case "not":
      return !evaluateFilter(node.operand, entity, variables);
    case "compare":
      return compare(node.operator, lookup(entity, node.property, variables), node.value);
    case "in": {
      const actual = lookup(entity, node.property, variables);
      return node.values.some((value) => compare("eq", actual, value));
    }
    case "function": {
      const actual = lookup(entity, node.property, variables);
      if (typeof actual !== "string") return false;
      const haystack = actual.toLowerCase();
      const needle = node.value.toLowerCase();
      return node.name === "startswith" ? haystack.startsWith(needle) : haystack.endsWith(needle);
    }
    case "lambda": {
      const collection = lookup(entity, node.collection, variables);
      const items = Array.isArray(collection) ? collection : [];
      const test = (item: unknown) =>
        evaluateFilter(node.predicate, entity, new Map(variables).set(node.variable, item));
      return node.quantifier === "any" ? items.some(test) : items.every(test);
    }
  }
}

/**
 * The first operator of the filter that Microsoft runs only as an advanced query (ConsistencyLevel:
 * eventual and $count=true): `ne`, `not` and `endsWith`, per its filter table for directory objects
 * ("Advanced query capabilities on Microsoft Entra ID objects"). Null when none is used.
 */
export function advancedOnlyOperator(node: FilterNode): "ne" | "not" | "endsWith" | null {
  switch (node.kind) {
    case "and":
    case "or":
      return advancedOnlyOperator(node.left) ?? advancedOnlyOperator(node.right);
    case "not":
      return "not";
    case "compare":
      return node.operator === "ne" ? "ne" : null;
    case "function":
      return node.name === "endswith" ? "endsWith" : null;
    case "lambda":
      return advancedOnlyOperator(node.predicate);
    default:
      return null;
  }
}
