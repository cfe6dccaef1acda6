// A recursive-descent parser and evaluator for the OData $filter subset that Microsoft Graph
// accepts on directory objects (users): eq/ne/gt/ge/lt/le, in, and/or/not, parentheses,
// startswith/endswith, and any()/all() lambdas over string collections such as otherMails.
// Hand-written because the npm OData parsers are unmaintained and this subset is small.

export type FilterLiteral = string | number | boolean | null;

export type ComparisonOperator = "eq" | "ne" | "gt" | "ge" | "lt" | "le";

export type FilterNode =
  | { kind: "and" | "or"; left: FilterNode; right: FilterNode }
  | { kind: "not"; operand: FilterNode }
  | { kind: "compare"; operator: ComparisonOperator; property: string; value: FilterLiteral }
  | { kind: "in"; property: string; values: FilterLiteral[] }
  | { kind: "function"; name: "startswith" | "endswith"; property: string; value: string }
  | { kind: "lambda"; quantifier: "any" | "all"; collection: string; variable: string; predicate: FilterNode };

/** Thrown for a $filter Graph would reject; `message` is written in Graph's words. */
export class FilterSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FilterSyntaxError";
  }
}

type Token =
  | { type: "identifier"; text: string; position: number }
  | { type: "string"; value: string; position: number }
  | { type: "number"; value: number; position: number }
  | { type: "punctuation"; text: "(" | ")" | "," | ":" | "/"; position: number }
  | { type: "end"; position: number };

const COMPARISON_OPERATORS = new Set<string>(["eq", "ne", "gt", "ge", "lt", "le"]);

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < source.length) {
    const char = source[index] as string;
    if (/\s/.test(char)) {
      index += 1;
      continue;
    }
    if (char === "'") {
      // OData escapes a quote inside a string by doubling it.
      let value = "";
      let cursor = index + 1;
      for (;;) {
        if (cursor >= source.length) throw syntaxError(source, index);
        const next = source[cursor] as string;
        if (next === "'") {
          if (source[cursor + 1] === "'") {
            value += "'";
            cursor += 2;
            continue;
          }
          break;
        }
        value += next;
        cursor += 1;
      }
      tokens.push({ type: "string", value, position: index });
      index = cursor + 1;
      continue;
    }
    if (char === "(" || char === ")" || char === "," || char === ":" || char === "/") {
      tokens.push({ type: "punctuation", text: char, position: index });
      index += 1;
      continue;
    }
    const numberMatch = /^-?\d+(\.\d+)?/.exec(source.slice(index));
    if (numberMatch && (char === "-" || /\d/.test(char))) {
      tokens.push({ type: "number", value: Number(numberMatch[0]), position: index });
      index += numberMatch[0].length;
      continue;
    }
    const identifierMatch = /^[A-Za-z_@$][\w.@$-]*/.exec(source.slice(index));
    if (identifierMatch) {
      tokens.push({ type: "identifier", text: identifierMatch[0], position: index });
      index += identifierMatch[0].length;
      continue;
    }
    throw syntaxError(source, index);
  }
  tokens.push({ type: "end", position: source.length });
  return tokens;
}

function syntaxError(source: string, position: number): FilterSyntaxError {
  return new FilterSyntaxError(`Invalid filter clause: Syntax error at position ${position} in '${source}'.`);
}

class FilterParser {
  private index = 0;
  private readonly lambdaVariables: string[] = [];

  constructor(
    private readonly source: string,
    private readonly tokens: Token[],
  ) {}

  parse(): FilterNode {
    const node = this.parseOr();
    if (this.peek().type !== "end") this.fail();
    return node;
  }

  private peek(): Token {
    return this.tokens[Math.min(this.index, this.tokens.length - 1)] as Token;
  }

  private advance(): Token {
    const token = this.peek();
    this.index += 1;
    return token;
  }

  /** Points the error at the token just consumed. */
  private failAtPrevious(): never {
    this.index -= 1;
    this.fail();
  }

  private fail(): never {
    throw syntaxError(this.source, this.peek().position);
  }

  private isKeyword(word: string): boolean {
    const token = this.peek();
    return token.type === "identifier" && token.text.toLowerCase() === word;
  }

  private expectPunctuation(text: "(" | ")" | "," | ":" | "/"): void {
    const token = this.advance();
    if (token.type !== "punctuation" || token.text !== text) this.failAtPrevious();
  }

  private parseOr(): FilterNode {
    let left = this.parseAnd();
    while (this.isKeyword("or")) {
      this.advance();
      left = { kind: "or", left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): FilterNode {
    let left = this.parseUnary();
    while (this.isKeyword("and")) {
      this.advance();
      left = { kind: "and", left, right: this.parseUnary() };
    }
    return left;
  }

  private parseUnary(): FilterNode {
    if (this.isKeyword("not")) {
      this.advance();
      return { kind: "not", operand: this.parseUnary() };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): FilterNode {
    const token = this.peek();
    if (token.type === "punctuation" && token.text === "(") {
      this.advance();
      const inner = this.parseOr();
      this.expectPunctuation(")");
      return inner;
    }
    if (token.type !== "identifier") this.fail();
    const name = token.text.toLowerCase();
    const following = this.tokens[this.index + 1];
    if ((name === "startswith" || name === "endswith") && following?.type === "punctuation" && following.text === "(") {
      this.advance();
      this.expectPunctuation("(");
      const property = this.parsePropertyPath();
      this.expectPunctuation(",");
      const value = this.parseLiteral();
      if (typeof value !== "string") this.fail();
      this.expectPunctuation(")");
      return { kind: "function", name, property, value };
    }
    const property = this.parsePropertyPath();
    const next = this.peek();
    if (next.type === "punctuation" && next.text === "/") return this.parseLambda(property);
    return this.parseComparison(property);
  }

  private parseLambda(collection: string): FilterNode {
    this.expectPunctuation("/");
    const quantifierToken = this.advance();
    if (quantifierToken.type !== "identifier") this.failAtPrevious();
    const quantifier = quantifierToken.text.toLowerCase();
    if (quantifier !== "any" && quantifier !== "all") this.failAtPrevious();
    this.expectPunctuation("(");
    const variableToken = this.advance();
    if (variableToken.type !== "identifier") this.failAtPrevious();
    this.expectPunctuation(":");
    this.lambdaVariables.push(variableToken.text);
    const predicate = this.parseOr();
    this.lambdaVariables.pop();
    this.expectPunctuation(")");
    return { kind: "lambda", quantifier, collection, variable: variableToken.text, predicate };
  }

  private parseComparison(property: string): FilterNode {
    const operatorToken = this.advance();
    if (operatorToken.type !== "identifier") this.failAtPrevious();
    const operator = operatorToken.text.toLowerCase();
    if (operator === "in") {
      this.expectPunctuation("(");
      const values: FilterLiteral[] = [this.parseLiteral()];
      while (this.peek().type === "punctuation" && (this.peek() as { text: string }).text === ",") {
        this.advance();
        values.push(this.parseLiteral());
      }
      this.expectPunctuation(")");
      return { kind: "in", property, values };
    }
    if (!COMPARISON_OPERATORS.has(operator)) this.failAtPrevious();
    return { kind: "compare", operator: operator as ComparisonOperator, property, value: this.parseLiteral() };
  }

  private parsePropertyPath(): string {
    const token = this.advance();
    if (token.type !== "identifier") this.failAtPrevious();
    return token.text;
  }

  private parseLiteral(): FilterLiteral {
    const token = this.advance();
    if (token.type === "string") return token.value;
    if (token.type === "number") return token.value;
    if (token.type === "identifier") {
      const word = token.text.toLowerCase();
      if (word === "true") return true;
      if (word === "false") return false;
      if (word === "null") return null;
    }
    this.failAtPrevious();
  }
}

export function parseFilter(source: string): FilterNode {
  if (source.trim() === "") throw new FilterSyntaxError("Invalid filter clause");
  return new FilterParser(source, tokenize(source)).parse();
}
