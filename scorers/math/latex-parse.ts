// LaTeX answer → MathNode, a recursive-descent rendering of latex2sympy2_extended's grammar
// (PS.g4) and converter (latex2sympy2.py, class _Latex2Sympy) for the constructs answers use.
// Its quirks are reproduced because Math-Verify's verdicts depend on them:
// - implicit multiplication binds tighter than * and / ("1/2x" = 1/(2x)), and an integer
//   followed by a positive rational is a mixed number (convert_postfix_list: "2\frac12" = 5/2,
//   "2 3" = 5, "2\,220" = 222, but "1\,000" = 1·0);
// - "x^23" has the exponent 23 (NUMBER is one token), "e" is Euler's number, symbols are
//   lower-cased ("AB" = a·b), "f(x)" with a single-atom or comma argument is a function call
//   while "n(n+1)" is a product;
// - top-level commas make a set, "(a,b)" is an open interval unless b ≤ a (then a tuple).
import { type MathNode, type RelOp, int, onlySymbols, rational } from './ast.js';
import { ParserBase } from './latex-cursor.js';
import { FUNCS1, FUNCS_N, GREEK, INVERSE, NAMED_SETS, ParseError, RELS, type RelNode, addFlat, isAtomExpr, isInt, isIntOrFloat, mulFlat, neg, numberNode, productList, scalar, symbolTuple, toSet, toSetOrTuple, tokenText } from './latex-grammar.js';
import { tokenize } from './latex-lexer.js';

export { ParseError } from './latex-grammar.js';

class Parser extends ParserBase {
  parseMath(): MathNode {
    const groups: MathNode[][] = [[]];
    for (;;) {
      groups[groups.length - 1]!.push(...this.element());
      if (this.isOp(',')) this.i++;
      else if (this.isOp(';')) {
        this.i++;
        groups.push([]);
      } else break;
    }
    if (this.i < this.toks.length) throw new ParseError('unexpected trailing input');
    // set_elements_relation: "x = 1, 2" is x = {1, 2} (interpret_contains_as_eq for \in too).
    const first = groups[0]![0]!;
    const flat = groups.flat();
    if (flat.length > 1 && first.k === 'rel' && first.op === '=' && isAtomExpr(first.lhs) && flat.slice(1).every((x) => x.k !== 'rel' && x.k !== 'and')) {
      const rest = groups.map((g, gi) => (gi === 0 ? [first.rhs, ...g.slice(1)] : g));
      return { k: 'rel', op: '=', lhs: first.lhs, rhs: toSetOrTuple(rest) };
    }
    return toSetOrTuple(groups);
  }

  /** element: plus_minus_expr | set_atom | relation (a ± b yields two elements). */
  protected element(): MathNode[] {
    if (this.isCmd('pm')) {
      this.i++;
      const e = this.expr();
      return [neg(e), e];
    }
    const first = this.expr();
    if (this.isCmd('pm') || this.isCmd('mp')) {
      this.i++;
      const r = this.expr();
      return [addFlat(first, r), addFlat(first, neg(r))];
    }
    // convert_relation: chains accumulate into And(…, lastRhs OP next); "≈" keeps the left
    // side (or, after a bare symbol, the right side: "x ≈ 3" is 3).
    let cur: MathNode = first;
    let sawRel = false;
    for (;;) {
      const op = this.relOp();
      if (!op) break;
      const rhs = this.expr();
      sawRel = true;
      if (op === 'approx') {
        if (onlySymbols(cur)) cur = rhs; // "x = x ≈ 204" is 204 too: Eq(x, x) has only symbols
        continue;
      }
      if (cur.k === 'and') cur = { k: 'and', args: [...cur.args, { k: 'rel', op, lhs: (cur.args[cur.args.length - 1] as RelNode).rhs, rhs }] };
      else if (cur.k === 'rel') cur = { k: 'and', args: [cur, { k: 'rel', op, lhs: cur.rhs, rhs }] };
      else cur = { k: 'rel', op, lhs: symbolTuple(cur), rhs };
    }
    return sawRel ? [cur] : [first];
  }

  protected relOp(): RelOp | 'approx' | null {
    const t = this.peek();
    if (!t) return null;
    if (t.t === 'op' && RELS[t.text]) {
      this.i++;
      return RELS[t.text]!;
    }
    if (t.t === 'cmd' && (RELS[t.name] || t.name === 'in' || t.name === 'approx')) {
      this.i++;
      // interpret_contains_as_eq: "x \in S" is x = S
      return t.name === 'in' ? '=' : t.name === 'approx' ? 'approx' : RELS[t.name]!;
    }
    return null;
  }

  expr(): MathNode {
    let left = this.setExpr();
    for (;;) {
      if (this.isOp('+')) {
        this.i++;
        left = addFlat(scalar(left), scalar(this.mp()));
      } else if (this.isOp('-')) {
        this.i++;
        const r = this.mp();
        left = addFlat(left, r.k === 'int' || r.k === 'rat' || r.k === 'float' ? neg(r) : mulFlat(int(-1), r));
      } else return left;
    }
  }

  /** Unions of set atoms, "(1,2) \cup (3,4)"; otherwise a plain additive operand. */
  protected setExpr(): MathNode {
    let left = this.mp();
    while (this.isCmd('cup')) {
      this.i++;
      const right = this.mp();
      left = { k: 'union', args: [...(left.k === 'union' ? left.args : [left]), toSet(right)].map(toSet) };
    }
    return left;
  }

  protected mp(): MathNode {
    let left = this.unary();
    for (;;) {
      const t = this.peek();
      if (t?.t === 'op' && (t.text === '*' || t.text === '/' || t.text === ':')) this.i++;
      else if (t?.t === 'cmd' && (t.name === 'times' || t.name === 'cdot' || t.name === 'div' || t.name === 'over')) this.i++;
      else return left;
      const right = this.unary();
      const isDiv = (t.t === 'op' && (t.text === '/' || t.text === ':')) || (t.t === 'cmd' && (t.name === 'div' || t.name === 'over'));
      scalar(left);
      scalar(right);
      if (!isDiv) left = mulFlat(left, right);
      else if (isInt(left) && isInt(right)) left = right.v === 0n ? { k: 'const', name: 'zoo' } : rational(left.v, right.v);
      else left = mulFlat(left, { k: 'pow', base: right, exp: int(-1) });
    }
  }

  protected unary(): MathNode {
    if (this.isOp('+')) {
      this.i++;
      return this.unary();
    }
    if (this.isOp('-')) {
      this.i++;
      return neg(this.unary());
    }
    const items: MathNode[] = [this.postfix(true)];
    while (this.startsPostfix(true)) items.push(this.postfix(true));
    if (items.length > 1) items.forEach(scalar);
    return productList(items);
  }

  /** unary_nofunc, the argument of a function written without parentheses (\sin 2x). */
  protected unaryNoFunc(): MathNode {
    if (this.isOp('-')) {
      this.i++;
      return neg(this.unaryNoFunc());
    }
    const items: MathNode[] = [this.postfix(true)];
    while (this.startsPostfix(false)) items.push(this.postfix(false));
    if (items.length > 1) items.forEach(scalar);
    let left = productList(items);
    for (;;) {
      const t = this.peek();
      const mul = (t?.t === 'op' && t.text === '*') || (t?.t === 'cmd' && (t.name === 'times' || t.name === 'cdot'));
      const div = (t?.t === 'op' && t.text === '/') || (t?.t === 'cmd' && t.name === 'div');
      if (!mul && !div) return left;
      this.i++;
      const r = this.postfix(false);
      left = mul ? mulFlat(left, r) : isInt(left) && isInt(r) && r.v !== 0n ? rational(left.v, r.v) : mulFlat(left, { k: 'pow', base: r, exp: int(-1) });
    }
  }

  protected startsPostfix(allowFunc: boolean): boolean {
    const t = this.peek();
    if (!t) return false;
    switch (t.t) {
      case 'num': case 'pctnum': case 'enot': case 'letter': case 'e': case 'accent':
        return true;
      case 'op':
        return t.text === '(' || t.text === '[' || t.text === '{' || t.text === '|';
      case 'cmd':
        if (RELS[t.name] || ['choose', 'approx', 'pm', 'mp', 'cup', 'times', 'cdot', 'div', 'over', 'in', 'rfloor', 'rceil', '}', '\\', 'end', 'right'].includes(t.name)) return false;
        if (!allowFunc && (FUNCS1[t.name] || FUNCS_N.has(t.name) || t.name === 'operatorname')) return false;
        return true;
      default:
        return false;
    }
  }

  protected postfix(allowFunc: boolean): MathNode {
    let base = this.exp(allowFunc);
    for (;;) {
      if (this.isOp('!')) {
        this.i++;
        base = { k: 'fn', name: 'factorial', args: [scalar(base)] };
      } else if (this.peek()?.t === 'degree') {
        scalar(base);
        this.i++; // convert_degrees=False: ^\circ is dropped
      }
      else if (this.isOp("'")) this.i++;
      else return base;
    }
  }

  protected exp(allowFunc: boolean): MathNode {
    let base = this.comp(allowFunc);
    while (this.isOp('^')) {
      this.i++;
      base = { k: 'pow', base: scalar(base), exp: this.supArg() };
      if (this.isOp('_')) this.subText();
    }
    return base;
  }

  /** supexpr: ^atom or ^{expr}. */
  protected supArg(): MathNode {
    if (this.isOp('{')) {
      this.i++;
      const e = this.expr();
      this.expectOp('}');
      return e;
    }
    return this.atom();
  }

  /** subexpr text as latex2sympy names it: x_1, a_{n}→a_n, x_{10}. */
  protected subText(): string {
    this.expectOp('_');
    const t = this.peek();
    if (!t) throw new ParseError('empty subscript');
    let text = '';
    if (t.t === 'op' && t.text === '{') {
      let depth = 0;
      do {
        const u = this.peek();
        if (!u) throw new ParseError('unclosed subscript');
        if (u.t === 'op' && u.text === '{') depth++;
        if (u.t === 'op' && u.text === '}') depth--;
        text += tokenText(u);
        this.i++;
      } while (depth > 0);
      text = text.slice(1, -1);
    } else {
      text = tokenText(t);
      this.i++;
    }
    return text.length > 1 ? `_{${text}}` : `_${text}`;
  }

  protected atom(): MathNode {
    const t = this.peek();
    if (!t) throw new ParseError('unexpected end');
    this.i++;
    switch (t.t) {
      case 'num': {
        const n = numberNode(t.text);
        if (this.isOp('_')) this.subText();
        return n;
      }
      case 'pctnum':
        return { k: 'pct', arg: numberNode(t.text) };
      case 'enot':
        return { k: 'float', text: String(Number(t.text)) };
      case 'e':
        return { k: 'const', name: 'E' };
      case 'letter': {
        if (t.text === 'E') return this.sym('E');
        if (t.text === 'I' && !this.isOp('_')) return { k: 'const', name: 'I' };
        const sub = this.isOp('_') ? this.subText() : '';
        return this.sym(t.text + sub);
      }
      case 'accent': {
        const body = t.body.replace(/ /g, '');
        const name = ['text', 'mbox', 'textrm', 'textbf', 'textit'].includes(t.name)
          ? body.replace(/[()]/g, '')
          : `${t.name === 'overline' ? 'bar' : t.name === 'overrightarrow' ? 'vec' : t.name === 'widetilde' ? 'tilde' : t.name.startsWith('math') ? 'math' : t.name}{${body}}`;
        if (name === '') throw new ParseError('empty text');
        const sub = this.isOp('_') ? this.subText() : '';
        return this.sym(name + sub);
      }
      case 'cmd': {
        if (t.name === 'infty') return { k: 'const', name: 'oo' };
        if (t.name === 'pi') return { k: 'const', name: 'pi' };
        if (GREEK.has(t.name)) {
          const sub = this.isOp('_') ? this.subText() : '';
          return this.sym(t.name + sub);
        }
        break;
      }
      default:
        break;
    }
    throw new ParseError('expected an atom');
  }

  protected comp(allowFunc: boolean): MathNode {
    const t = this.peek();
    if (!t) throw new ParseError('unexpected end');
    if (t.t === 'op') {
      if (t.text === '(' || t.text === '[') return this.bracketed();
      if (t.text === '{') {
        this.i++;
        if (this.isOp('}')) {
          this.i++;
          return { k: 'named_set', name: 'empty' };
        }
        const save = this.i;
        try {
          // binom: "{n \\choose k}"
          const top = this.expr();
          if (this.isCmd('choose')) {
            this.i++;
            const bottom = this.expr();
            this.expectOp('}');
            return { k: 'fn', name: 'binomial', args: [top, bottom] };
          }
        } catch {
          /* not a \\choose group */
        }
        this.i = save;
        const items = this.commaList('}');
        // finite_set: "{(2,4)}" is a set holding an interval; "{5}" works as 5 (a singleton
        // set compares like its element).
        const single = items.length === 1 ? items[0]! : null;
        return single && !['tuple', 'interval', 'set', 'union'].includes(single.k) ? single : { k: 'set', items };
      }
      if (t.text === '|') {
        this.i++;
        const e = this.expr();
        this.expectOp('|');
        return { k: 'fn', name: 'abs', args: [e] };
      }
    }
    if (t.t === 'cmd') {
      switch (t.name) {
        case '{': {
          this.i++;
          if (this.isCmd('}')) {
            this.i++;
            return { k: 'named_set', name: 'empty' };
          }
          const items: MathNode[] = [];
          for (;;) {
            items.push(...this.element());
            if (this.isOp(',') || this.isOp(';')) this.i++;
            else break;
          }
          if (!this.isCmd('}')) throw new ParseError('expected \\}');
          this.i++;
          return { k: 'set', items };
        }
        case 'emptyset': case 'varnothing':
          this.i++;
          return { k: 'named_set', name: 'empty' };
        case 'mathbb': {
          this.i++;
          this.expectOp('{');
          const l = this.peek();
          this.i++;
          this.expectOp('}');
          const s = l?.t === 'letter' ? NAMED_SETS[l.text] : undefined;
          if (!s) throw new ParseError('unknown \\mathbb set');
          return { k: 'named_set', name: s };
        }
        case 'frac': case 'dfrac': case 'tfrac': {
          this.i++;
          const a = this.braced();
          const b = this.braced();
          if (isInt(a) && isInt(b)) return b.v === 0n ? { k: 'const', name: 'zoo' } : rational(a.v, b.v);
          return mulFlat(a, { k: 'pow', base: b, exp: int(-1) });
        }
        case 'binom': case 'dbinom': case 'tbinom': {
          this.i++;
          return { k: 'fn', name: 'binomial', args: [this.braced(), this.braced()] };
        }
        case 'sqrt': {
          this.i++;
          let root: MathNode = int(2);
          if (this.isOp('[')) {
            this.i++;
            root = this.expr();
            this.expectOp(']');
          }
          const base = this.braced();
          const exp: MathNode = isInt(root) ? rational(1n, root.v) : { k: 'pow', base: root, exp: int(-1) };
          return { k: 'pow', base, exp };
        }
        case 'lfloor': case 'lceil': {
          this.i++;
          const e = this.expr();
          if (!this.isCmd(t.name === 'lfloor' ? 'rfloor' : 'rceil')) throw new ParseError('unclosed floor/ceil');
          this.i++;
          return { k: 'fn', name: t.name === 'lfloor' ? 'floor' : 'ceiling', args: [e] };
        }
        case 'boxed': case 'phantom': {
          this.i++;
          return this.braced();
        }
        case 'begin':
          return this.matrix();
        case 'sum': case 'prod': {
          // (FUNC_SUM | FUNC_PROD) (subeq supexpr | supexpr subeq) mp: kept as an opaque
          // function of its bounds and body (compared structurally, never evaluated).
          this.i++;
          const bounds: MathNode[] = [];
          for (let k = 0; k < 2; k++) {
            if (this.isOp('_') || this.isOp('^')) {
              this.i++;
              if (this.isOp('{')) {
                this.i++;
                bounds.push(...this.element());
                this.expectOp('}');
              } else bounds.push(this.atom());
            }
          }
          return { k: 'fn', name: t.name, args: [...bounds, this.mp()] };
        }
        default:
          break;
      }
      if (FUNCS1[t.name] || FUNCS_N.has(t.name) || t.name === 'operatorname') {
        if (!allowFunc) throw new ParseError('function in a function argument without parentheses');
        return this.func();
      }
    }
    if (t.t === 'e' && this.isOp('^', 1)) {
      this.i += 2;
      return { k: 'fn', name: 'exp', args: [this.supArgAfterCaret()] };
    }
    // atom_expr followed by (args): an undefined function when the argument is one atom or a list.
    if ((t.t === 'letter' || (t.t === 'cmd' && GREEK.has(t.name))) && (this.isOp('(', 1) || this.isOp('[', 1))) {
      const save = this.i;
      const name = this.atom();
      const call = this.tryCallArgs();
      if (call && name.k === 'sym') return { k: 'ufn', name: name.name.replace(/'$/, ''), args: call };
      this.i = save;
    }
    return this.atomWithSup();
  }

  protected supArgAfterCaret(): MathNode {
    if (this.isOp('{')) return this.braced();
    return this.atom();
  }

  /** An atom, with latex2sympy's subexpr/supexpr handled by exp() around it. */
  protected atomWithSup(): MathNode {
    return this.atom();
  }

  /** "(atom)" or "(e1, e2, …)": a function call's arguments; null when it is a product instead. */
  protected tryCallArgs(): MathNode[] | null {
    const close = this.isOp('(') ? ')' : ']';
    const save = this.i;
    this.i++;
    try {
      const args = [this.expr()];
      while (this.isOp(',')) {
        this.i++;
        args.push(this.expr());
      }
      if (!this.isOp(close)) throw new ParseError('no call');
      this.i++;
      const single = args.length === 1 ? args[0]! : null;
      const simple = single === null || ['int', 'float', 'sym', 'const'].includes(single.k) || (single.k === 'pct' && isIntOrFloat(single.arg));
      if (!simple) throw new ParseError('not a call');
      return args;
    } catch {
      this.i = save;
      return null;
    }
  }

  protected func(): MathNode {
    const t = this.peek() as { t: 'cmd'; name: string };
    this.i++;
    let name = t.name;
    if (name === 'operatorname') {
      this.expectOp('{');
      let s = '';
      while (this.peek()?.t === 'letter' || this.peek()?.t === 'e') {
        const u = this.peek()!;
        s += u.t === 'e' ? 'e' : (u as { text: string }).text;
        this.i++;
      }
      this.expectOp('}');
      name = s;
      if (!FUNCS1[name] && !FUNCS_N.has(name)) throw new ParseError(`unsupported operator ${name}`);
    }
    let sub: MathNode | null = null;
    let sup: MathNode | null = null;
    for (let k = 0; k < 2; k++) {
      if (this.isOp('_') && sub === null) {
        this.i++;
        sub = this.isOp('{') ? this.braced() : this.atom();
      } else if (this.isOp('^') && sup === null) {
        this.i++;
        sup = this.isOp('{') ? this.braced() : this.atom();
      }
    }
    let args: MathNode[];
    if (this.isOp('(')) {
      this.i++;
      args = [this.expr()];
      while (FUNCS_N.has(name) && this.isOp(',')) {
        this.i++;
        args.push(this.expr());
      }
      this.expectOp(')');
    } else args = [this.unaryNoFunc()];
    let fname = FUNCS1[name] ?? name;
    const isMinusOne = sup !== null && sup.k === 'int' && sup.v === -1n;
    if (isMinusOne && INVERSE[name]) {
      fname = INVERSE[name]!;
      sup = null;
    }
    let node: MathNode;
    if (fname === 'log') node = { k: 'fn', name: 'log', args: [args[0]!, sub ?? int(10)] };
    else if (fname === 'ln') node = { k: 'fn', name: 'log', args: [args[0]!, { k: 'const', name: 'E' }] };
    else node = { k: 'fn', name: fname, args };
    return sup ? { k: 'pow', base: node, exp: sup } : node;
  }

}

// latex2sympy2.py `comma_number_regex`: "1,234" is a number, not the set {1, 234}.
const COMMA_NUMBER = /^\s*-?\d{1,3}(,\d{3})+(\.\d+)?\s*$/;

/**
 * Parses a normalised LaTeX answer. `complex` is Math-Verify's should_treat_as_complex(latex)
 * (symbols are then complex, i.e. different SymPy symbols). Throws ParseError/LexError.
 */
export function parseLatex(latex: string, complex: boolean): MathNode {
  if (COMMA_NUMBER.test(latex)) {
    // convert_number: "0,111" is the decimal 0.111; otherwise commas group thousands.
    const t = latex.trim();
    const s = (t.startsWith('0') ? t.replace(/,/g, '.') : t).replace(/[,\s]/g, '');
    return /\./.test(s) ? { k: 'float', text: s } : int(BigInt(s));
  }
  const toks = tokenize(latex);
  if (toks.length === 0) throw new ParseError('empty');
  return new Parser(toks, complex).parseMath();
}
