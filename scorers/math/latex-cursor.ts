// Token cursor and the bracketed structures of the LaTeX parser: tuples, intervals, comma lists
// and matrices (PS.g4 interval, ordered_tuple, matrix; latex2sympy2.py convert_interval,
// convert_matrix). The expression grammar itself is in latex-parse.ts.
import type { MathNode } from './ast.js';
import { ParseError, compareNumeric } from './latex-grammar.js';
import type { Token } from './latex-lexer.js';

export abstract class ParserBase {
  protected i = 0;
  constructor(protected readonly toks: Token[], protected readonly complex: boolean) {}

  protected peek(o = 0): Token | undefined {
    return this.toks[this.i + o];
  }
  protected isOp(text: string, o = 0): boolean {
    const t = this.peek(o);
    return t !== undefined && t.t === 'op' && t.text === text;
  }
  protected isCmd(name: string, o = 0): boolean {
    const t = this.peek(o);
    return t !== undefined && t.t === 'cmd' && t.name === name;
  }
  protected expectOp(text: string): void {
    if (!this.isOp(text)) throw new ParseError(`expected ${text}`);
    this.i++;
  }
  protected sym(name: string): MathNode {
    // latex2sympy lower-cases symbols; a complex-context symbol (real=False) is a different
    // SymPy symbol from a real one, marked here with a trailing "'".
    return { k: 'sym', name: name.toLowerCase() + (this.complex ? "'" : '') };
  }

  protected braced(): MathNode {
    this.expectOp('{');
    const e = this.expr();
    this.expectOp('}');
    return e;
  }

  protected bracketed(): MathNode {
    const open = (this.peek() as { text: string }).text;
    this.i++;
    const items = this.commaList(null);
    const closeTok = this.peek();
    if (!closeTok || closeTok.t !== 'op' || (closeTok.text !== ')' && closeTok.text !== ']')) throw new ParseError('unclosed bracket');
    this.i++;
    const close = closeTok.text;
    if (items.length === 1) {
      if (open === '(' && close !== ')') throw new ParseError('mismatched bracket');
      if (open === '[' && close !== ']') throw new ParseError('mismatched bracket');
      return items[0]!;
    }
    const lopen = open === '(';
    const ropen = close === ')';
    if (items.length === 2) {
      // convert_interval: an "empty" interval is a tuple instead.
      const cmp = compareNumeric(items[1]!, items[0]!);
      if (cmp !== null && ((lopen && ropen && cmp <= 0) || (!lopen && !ropen && cmp < 0))) return { k: 'tuple', items };
      return { k: 'interval', lo: items[0]!, hi: items[1]!, lopen, ropen };
    }
    if ((open === '(' && close !== ')') || (open === '[' && close !== ']')) throw new ParseError('mismatched bracket');
    return { k: 'tuple', items };
  }

  protected commaList(close: string | null): MathNode[] {
    const items: MathNode[] = [];
    for (;;) {
      items.push(...this.element());
      if (this.isOp(',') || this.isOp(';')) this.i++;
      else break;
    }
    if (close !== null) this.expectOp(close);
    return items;
  }

  protected matrix(): MathNode {
    this.i++;
    this.expectOp('{');
    let env = '';
    while (this.peek()?.t === 'letter' || this.peek()?.t === 'e') {
      const u = this.peek()!;
      env += u.t === 'e' ? 'e' : (u as { text: string }).text;
      this.i++;
    }
    this.expectOp('}');
    if (!/^(?:[pbBvV]?matrix|array)$/.test(env)) throw new ParseError(`unsupported environment ${env}`);
    if (env === 'array' && this.isOp('{')) {
      while (this.peek() && !this.isOp('}')) this.i++;
      this.i++;
    }
    const rows: MathNode[][] = [[]];
    for (;;) {
      if (this.isCmd('end')) break;
      rows[rows.length - 1]!.push(this.expr());
      if (this.isOp('&')) this.i++;
      else if (this.isCmd('\\')) {
        this.i++;
        if (!this.isCmd('end')) rows.push([]);
      } else if (!this.isCmd('end')) throw new ParseError('bad matrix');
    }
    this.i++;
    this.expectOp('{');
    while (this.peek() && !this.isOp('}')) this.i++;
    this.expectOp('}');
    const w = rows[0]!.length;
    if (rows.some((r) => r.length !== w)) throw new ParseError('ragged matrix');
    return { k: 'matrix', rows };
  }

  protected abstract expr(): MathNode;
  protected abstract element(): MathNode[];
}
