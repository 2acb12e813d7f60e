// Martin Porter's 1980 suffix-stripping algorithm, in the variant Lucene's PorterStemFilter runs
// (org.apache.lucene.analysis.en.PorterStemmer, "Release 3" of Porter's reference C code, which adds
// the `logi`→`log` and `bli`→`ble` rules of the published errata). Anserini's DefaultEnglishAnalyzer
// (Pyserini's BM25 default) stems with it, so our terms are the terms Pyserini indexes.
// Input is a lowercased token; only a–z count as vowels (y by context), every other character is a
// consonant, as in Lucene. Words of one or two characters are left alone.

/** Stem one lowercased word. */
export function porterStem(word: string): string {
  if (word.length <= 2) return word;
  const s = new Stemmer(word);
  s.step1ab();
  s.step1c();
  s.step2();
  s.step3();
  s.step4();
  s.step5();
  return s.result();
}

class Stemmer {
  private b: string[];
  /** Index of the last character of the current word. */
  private k: number;
  /** End of the stem (set by `ends`). */
  private j = 0;

  constructor(word: string) {
    this.b = word.split('');
    this.k = word.length - 1;
  }

  result(): string {
    return this.b.slice(0, this.k + 1).join('');
  }

  private cons(i: number): boolean {
    switch (this.b[i]) {
      case 'a':
      case 'e':
      case 'i':
      case 'o':
      case 'u':
        return false;
      case 'y':
        return i === 0 ? true : !this.cons(i - 1);
      default:
        return true;
    }
  }

  /** Number of vowel-consonant sequences in b[0..j]. */
  private m(): number {
    let n = 0;
    let i = 0;
    const j = this.j;
    while (i <= j && this.cons(i)) i++;
    if (i > j) return 0;
    for (;;) {
      while (i <= j && !this.cons(i)) i++;
      if (i > j) return n;
      n++;
      while (i <= j && this.cons(i)) i++;
      if (i > j) return n;
    }
  }

  private vowelInStem(): boolean {
    for (let i = 0; i <= this.j; i++) if (!this.cons(i)) return true;
    return false;
  }

  private doubleC(i: number): boolean {
    return i >= 1 && this.b[i] === this.b[i - 1] && this.cons(i);
  }

  /** consonant-vowel-consonant ending at i, the last consonant not w, x or y. */
  private cvc(i: number): boolean {
    if (i < 2 || !this.cons(i) || this.cons(i - 1) || !this.cons(i - 2)) return false;
    const ch = this.b[i];
    return ch !== 'w' && ch !== 'x' && ch !== 'y';
  }

  private ends(suffix: string): boolean {
    const l = suffix.length;
    const o = this.k - l + 1;
    if (o < 0) return false;
    for (let i = 0; i < l; i++) if (this.b[o + i] !== suffix[i]) return false;
    this.j = this.k - l;
    return true;
  }

  private setTo(s: string): void {
    const o = this.j + 1;
    for (let i = 0; i < s.length; i++) this.b[o + i] = s[i]!;
    this.k = this.j + s.length;
  }

  private r(s: string): void {
    if (this.m() > 0) this.setTo(s);
  }

  /** Plurals and -ed/-ing. */
  step1ab(): void {
    if (this.b[this.k] === 's') {
      if (this.ends('sses')) this.k -= 2;
      else if (this.ends('ies')) this.setTo('i');
      else if (this.b[this.k - 1] !== 's') this.k--;
    }
    if (this.ends('eed')) {
      if (this.m() > 0) this.k--;
    } else if ((this.ends('ed') || this.ends('ing')) && this.vowelInStem()) {
      this.k = this.j;
      if (this.ends('at')) this.setTo('ate');
      else if (this.ends('bl')) this.setTo('ble');
      else if (this.ends('iz')) this.setTo('ize');
      else if (this.doubleC(this.k)) {
        const ch = this.b[this.k];
        if (ch !== 'l' && ch !== 's' && ch !== 'z') this.k--;
      } else {
        this.j = this.k;
        if (this.m() === 1 && this.cvc(this.k)) this.setTo('e');
      }
    }
  }

  /** Terminal y → i when the stem has another vowel. */
  step1c(): void {
    if (this.ends('y') && this.vowelInStem()) this.b[this.k] = 'i';
  }

  /** Double suffixes to single ones (-ization → -ize …), when m > 0. */
  step2(): void {
    if (this.k === 0) return;
    this.replaceFirst(STEP2[this.b[this.k - 1]!]);
  }

  /** -ic-, -full, -ness … */
  step3(): void {
    this.replaceFirst(STEP3[this.b[this.k]!]);
  }

  /** The first rule whose suffix the word ends with, replaced (when m > 0: `r`). */
  private replaceFirst(rules: ReadonlyArray<[string, string]> | undefined): void {
    if (!rules) return;
    for (const [suffix, repl] of rules) {
      if (this.ends(suffix)) {
        this.r(repl);
        return;
      }
    }
  }

  /** -ant, -ence … in context m > 1. */
  step4(): void {
    if (this.k === 0) return;
    const suffixes = STEP4[this.b[this.k - 1]!];
    if (!suffixes) return;
    let hit = false;
    for (const suffix of suffixes) {
      if (this.ends(suffix)) {
        // -ion is removed only after s or t.
        if (suffix === 'ion' && !(this.j >= 0 && (this.b[this.j] === 's' || this.b[this.j] === 't'))) continue;
        hit = true;
        break;
      }
    }
    if (hit && this.m() > 1) this.k = this.j;
  }

  /** Final -e when m > 1 (or m = 1 and not *o), and -ll → -l when m > 1. */
  step5(): void {
    this.j = this.k;
    if (this.b[this.k] === 'e') {
      const a = this.m();
      if (a > 1 || (a === 1 && !this.cvc(this.k - 1))) this.k--;
    }
    if (this.b[this.k] === 'l' && this.doubleC(this.k) && this.m() > 1) this.k--;
  }
}

// Rules keyed by the penultimate (step 2, 4) or last (step 3) letter, tried in order; the first
// suffix that matches decides (even when its condition then fails), as in the reference code.
const STEP2: Record<string, Array<[string, string]>> = {
  a: [['ational', 'ate'], ['tional', 'tion']],
  c: [['enci', 'ence'], ['anci', 'ance']],
  e: [['izer', 'ize']],
  l: [['bli', 'ble'], ['alli', 'al'], ['entli', 'ent'], ['eli', 'e'], ['ousli', 'ous']],
  o: [['ization', 'ize'], ['ation', 'ate'], ['ator', 'ate']],
  s: [['alism', 'al'], ['iveness', 'ive'], ['fulness', 'ful'], ['ousness', 'ous']],
  t: [['aliti', 'al'], ['iviti', 'ive'], ['biliti', 'ble']],
  g: [['logi', 'log']],
};

const STEP3: Record<string, Array<[string, string]>> = {
  e: [['icate', 'ic'], ['ative', ''], ['alize', 'al']],
  i: [['iciti', 'ic']],
  l: [['ical', 'ic'], ['ful', '']],
  s: [['ness', '']],
};

const STEP4: Record<string, string[]> = {
  a: ['al'],
  c: ['ance', 'ence'],
  e: ['er'],
  i: ['ic'],
  l: ['able', 'ible'],
  n: ['ant', 'ement', 'ment', 'ent'],
  o: ['ion', 'ou'],
  s: ['ism'],
  t: ['ate', 'iti'],
  u: ['ous'],
  v: ['ive'],
  z: ['ize'],
};
