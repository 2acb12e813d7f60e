// Tokens of a normalised LaTeX answer, following the lexer of latex2sympy2_extended's grammar
// (src/latex2sympy2_extended/PS.g4): spacing commands are skipped (so "1\,000" is the two
// numbers 1 and 000), a lower-case "e" is Euler's number (so "9e11" is 9·e·11), only an
// upper-case "E" makes scientific notation, a number directly followed by \% or % is a
// percentage, and \text{…}/accents are single symbol tokens.

export type Token =
  | { t: 'num'; text: string }
  | { t: 'pctnum'; text: string }
  | { t: 'enot'; text: string } // 1.5E3
  | { t: 'letter'; text: string } // one letter, "e" excluded
  | { t: 'e' } // Euler's number / exp when followed by ^
  | { t: 'cmd'; name: string } // \frac → "frac", \{ → "{"
  | { t: 'accent'; name: string; body: string } // \text{…}, \bar{…}, …
  | { t: 'degree' } // ^\circ and its spellings
  | { t: 'op'; text: string }; // + - * / ^ _ ( ) [ ] { } , ; | = < > ! ' : & and relations

const SKIP_CMDS = new Set([
  ',', ':', ';', '!', '$', 'thinspace', 'medspace', 'thickspace', 'quad', 'qquad', 'negthinspace',
  'negmedspace', 'negthickspace', 'vrule', 'vcenter', 'vbox', 'vskip', 'vspace', 'hfil', 'displaystyle',
  'left', 'right', 'big', 'Big', 'bigg', 'Bigg', 'bigl', 'bigr', 'Bigl', 'Bigr', 'limits', 'nolimits',
]);
const ACCENTS = new Set([
  'text', 'mbox', 'textrm', 'textbf', 'textit', 'mathrm', 'mathbf', 'mathit', 'mathsf', 'mathcal', 'mathscr',
  'bar', 'overline', 'vec', 'overrightarrow', 'hat', 'widehat', 'tilde', 'widetilde', 'dot', 'ddot', 'check',
  'breve', 'acute', 'grave', 'underline', 'boldsymbol',
]);
const UNICODE_OPS: Record<string, string> = {
  '−': '-', '∸': '-', '×': '*', '⋅': '*', '∗': '*', '∙': '*', '÷': '/', '∕': '/', '≤': '<=', '≥': '>=',
  '≠': '!=', '∔': '+', '≡': '=', '±': '\\pm', '∓': '\\pm', '≈': '\\approx', '≪': '<', '≫': '>', '≦': '<=',
  '≧': '>=', '∪': '\\cup',
};
const DEGREE_RE = /^\^(?:\\circ|\\degree|\\circle|°|\{\\circ\}|\{\\degree\}|\{\\circle\}|\{°\})(?![a-zA-Z])/;

// \( \) are PS.g4's L_PAREN_VISUAL/R_PAREN_VISUAL, used like ( ) in tuples and intervals.
const BRACKET_CMDS: Record<string, Token> = {
  '(': { t: 'op', text: '(' }, ')': { t: 'op', text: ')' }, lgroup: { t: 'op', text: '(' }, rgroup: { t: 'op', text: ')' },
  lbrack: { t: 'op', text: '[' }, rbrack: { t: 'op', text: ']' }, lbrace: { t: 'cmd', name: '{' }, rbrace: { t: 'cmd', name: '}' },
};

/** Commands the parser understands (for the longest-prefix rule above). */
export const KNOWN_CMDS = new Set([
  'frac', 'dfrac', 'tfrac', 'binom', 'dbinom', 'tbinom', 'sqrt', 'pi', 'infty', 'emptyset', 'varnothing', 'mathbb',
  'lfloor', 'rfloor', 'lceil', 'rceil', 'boxed', 'phantom', 'begin', 'end', 'cdot', 'times', 'div', 'over', 'pm', 'mp',
  'cup', 'in', 'le', 'leq', 'ge', 'geq', 'ne', 'neq', 'lt', 'gt', 'approx', 'leqslant', 'geqslant', 'operatorname',
  'sum', 'prod', 'int', 'lim', 'sin', 'cos', 'tan', 'csc', 'sec', 'cot', 'arcsin', 'arccos', 'arctan', 'arccsc',
  'arcsec', 'arccot', 'sinh', 'cosh', 'tanh', 'arsinh', 'arcosh', 'artanh', 'log', 'ln', 'exp', 'max', 'min', 'gcd',
  'lcm', 'alpha', 'beta', 'gamma', 'delta', 'epsilon', 'varepsilon', 'zeta', 'eta', 'theta', 'vartheta', 'iota',
  'kappa', 'lambda', 'mu', 'nu', 'xi', 'rho', 'varrho', 'sigma', 'varsigma', 'tau', 'upsilon', 'phi', 'varphi', 'chi',
  'psi', 'omega', 'Gamma', 'Delta', 'Theta', 'Lambda', 'Xi', 'Pi', 'Sigma', 'Upsilon', 'Phi', 'Psi', 'Omega', 'to',
  'equiv', 'choose',
]);

function longestKnownPrefix(name: string): string | null {
  for (let k = name.length - 1; k > 0; k--) {
    const p = name.slice(0, k);
    if (KNOWN_CMDS.has(p) || SKIP_CMDS.has(p) || ACCENTS.has(p)) return ACCENTS.has(p) ? null : p;
  }
  return null;
}

export class LexError extends Error {}

export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c === '^') {
      const m = DEGREE_RE.exec(src.slice(i, i + 12));
      if (m) {
        out.push({ t: 'degree' });
        i += m[0].length;
        continue;
      }
    }
    if ((c >= '0' && c <= '9') || (c === '.' && /[0-9]/.test(src[i + 1] ?? ''))) {
      const m = /^(?:[0-9]*\.[0-9]+|[0-9]+)/.exec(src.slice(i))!;
      let j = i + m[0].length;
      const num = m[0];
      const e = /^E[+-]?[0-9]+/.exec(src.slice(j));
      if (e) {
        out.push({ t: 'enot', text: num + e[0] });
        i = j + e[0].length;
        continue;
      }
      const p = /^[ \t\r\n]?(?:\\%|%)/.exec(src.slice(j));
      if (p) {
        out.push({ t: 'pctnum', text: num });
        i = j + p[0].length;
        continue;
      }
      out.push({ t: 'num', text: num });
      i = j;
      continue;
    }
    if (/[a-zA-Z]/.test(c)) {
      out.push(c === 'e' ? { t: 'e' } : { t: 'letter', text: c });
      i++;
      continue;
    }
    if (c === '\\') {
      const m = /^\\([a-zA-Z]+|.)/s.exec(src.slice(i));
      if (!m) throw new LexError('dangling backslash');
      const name = m[1]!;
      i += m[0].length;
      if (SKIP_CMDS.has(name)) continue;
      if (ACCENTS.has(name)) {
        let j = i;
        while (j < n && /\s/.test(src[j]!)) j++;
        if (src[j] !== '{') throw new LexError(`\\${name} without a braced argument`);
        // PS.g4 ACCENT: the body runs to the first unescaped "}" (no nesting).
        let k = j + 1;
        while (k < n && !(src[k] === '}' && src[k - 1] !== '\\')) k++;
        if (k >= n) throw new LexError(`unclosed \\${name}{`);
        out.push({ t: 'accent', name, body: src.slice(j + 1, k) });
        i = k + 1;
        continue;
      }
      const bracket = BRACKET_CMDS[name];
      if (bracket) {
        out.push(bracket);
        continue;
      }
      if (!KNOWN_CMDS.has(name) && !SKIP_CMDS.has(name)) {
        // ANTLR's lexer takes the longest known token: "\quadx" is \quad then x.
        const prefix = longestKnownPrefix(name);
        if (prefix) {
          i -= name.length - prefix.length;
          if (!SKIP_CMDS.has(prefix)) out.push({ t: 'cmd', name: prefix });
          continue;
        }
      }
      out.push({ t: 'cmd', name });
      continue;
    }
    if (c === 'π') {
      out.push({ t: 'cmd', name: 'pi' });
      i++;
      continue;
    }
    if (c === '∞') {
      out.push({ t: 'cmd', name: 'infty' });
      i++;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (two === '<=' || two === '>=' || two === '!=' || two === '==') {
      out.push({ t: 'op', text: two });
      i += 2;
      continue;
    }
    if ('+-*/^_()[]{},;|=<>!\':&'.includes(c)) {
      out.push({ t: 'op', text: c });
      i++;
      continue;
    }
    const u = UNICODE_OPS[c];
    if (u) {
      out.push(u.startsWith('\\') ? { t: 'cmd', name: u.slice(1) } : { t: 'op', text: u });
      i++;
      continue;
    }
    throw new LexError(`unexpected character ${JSON.stringify(c)}`);
  }
  return out;
}
