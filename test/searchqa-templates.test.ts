// Prompt templates: placeholders filled verbatim (no `$&` expansion), spaces inside braces allowed,
// a missing value an error naming the template and the placeholder.
import { describe, expect, it } from 'vitest';
import { render, type Template } from '../benchmarks/searchqa/templates.js';

const tpl = (body: string): Template => ({ name: 'searchqa/t.md', source: body, sha256: '', body });

describe('render', () => {
  it('fills every placeholder, repeated or spaced, and keeps the text around them exactly', () => {
    const t = tpl('Q: {{question}}\n{{ question }} / {{ctx}}!\n');
    expect(render(t, { question: 'why $& $1?', ctx: '' })).toBe('Q: why $& $1?\nwhy $& $1? / !\n');
    expect(render(t, { question: 'a', ctx: 'b' })).toBe('Q: a\na / b!\n');
  });

  it('a body without placeholders renders as itself; a missing value throws', () => {
    expect(render(tpl('plain {not} {{Upper}}'), {})).toBe('plain {not} {{Upper}}');
    expect(() => render(tpl('x {{question}} {{other}}'), { question: 'q' })).toThrow('template searchqa/t.md: no value for {{other}}');
  });
});
