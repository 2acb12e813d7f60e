import { describe, expect, it } from 'vitest';
import {
  contentsFromTitleText,
  formatSearchR1,
  normaliseDocument,
  splitContents,
  stripTitleQuotes,
} from '../harness/retrieval/format.js';
import type { Passage } from '../harness/retrieval/types.js';

function passage(contents: string, id = '0'): Passage {
  const { title, text } = splitContents(contents);
  return { id, title: stripTitleQuotes(title), text, contents, score: null };
}

describe('splitContents (Search-R1 _passages2string)', () => {
  it('takes the first line as title, quotes kept, the rest as text', () => {
    expect(splitContents('"Ed Wood (film)"\nEd Wood is a 1994 film.')).toEqual({
      title: '"Ed Wood (film)"',
      text: 'Ed Wood is a 1994 film.',
    });
  });
  it('re-joins the remaining lines with \\n', () => {
    expect(splitContents('T\na\n\nb')).toEqual({ title: 'T', text: 'a\n\nb' });
  });
  it('gives empty text when there is no newline, and keeps \\r like Python split', () => {
    expect(splitContents('Only title')).toEqual({ title: 'Only title', text: '' });
    expect(splitContents('T\r\nx')).toEqual({ title: 'T\r', text: 'x' });
    expect(splitContents('')).toEqual({ title: '', text: '' });
  });
});

describe('stripTitleQuotes (Python str.strip("\\""))', () => {
  it('strips every leading and trailing double quote, not inner ones', () => {
    expect(stripTitleQuotes('"Ed Wood"')).toBe('Ed Wood');
    expect(stripTitleQuotes('""x""')).toBe('x');
    expect(stripTitleQuotes('a "b" c')).toBe('a "b" c');
    expect(stripTitleQuotes('"')).toBe('');
  });
});

describe('formatSearchR1', () => {
  it('renders Doc i(Title: …) text lines exactly', () => {
    const out = formatSearchR1([
      passage('"Ed Wood (film)"\nEd Wood is a 1994 American film.'),
      passage('"Scott Derrickson"\nScott Derrickson (born July 16, 1966) is an American director.'),
    ]);
    expect(out).toBe(
      'Doc 1(Title: "Ed Wood (film)") Ed Wood is a 1994 American film.\n' +
        'Doc 2(Title: "Scott Derrickson") Scott Derrickson (born July 16, 1966) is an American director.\n',
    );
  });
  it('keeps multi-line text and handles a passage without text', () => {
    expect(formatSearchR1([passage('"A"\nl1\nl2'), passage('Bare')])).toBe('Doc 1(Title: "A") l1\nl2\nDoc 2(Title: Bare) \n');
  });
  it('is empty for no passages', () => {
    expect(formatSearchR1([])).toBe('');
  });
  it('formats {title, text} records like the equivalent wiki-18 line', () => {
    const doc = normaliseDocument({ doc_id: 'dev_0#5', title: 'Miquette Giraudy', text: 'Keyboard player.' }, '9');
    if ('error' in doc) throw new Error(doc.error);
    expect(formatSearchR1([{ ...doc, score: 1 }])).toBe('Doc 1(Title: "Miquette Giraudy") Keyboard player.\n');
  });
});

describe('normaliseDocument', () => {
  it('reads {id, contents}', () => {
    expect(normaliseDocument({ id: '7', contents: '"T"\nbody' }, '0')).toEqual({
      id: '7',
      title: 'T',
      text: 'body',
      contents: '"T"\nbody',
    });
  });
  it('reads {doc_id, title, text} and numeric ids; falls back to the given id', () => {
    expect(normaliseDocument({ doc_id: 'x#1', title: 'T', text: 'b' }, '0')).toMatchObject({ id: 'x#1', title: 'T', contents: '"T"\nb' });
    expect(normaliseDocument({ id: 12, contents: 'T\nb' }, '0')).toMatchObject({ id: '12', title: 'T' });
    expect(normaliseDocument({ title: 'T', text: 'b' }, '41')).toMatchObject({ id: '41' });
    expect(normaliseDocument({ text: 'b' }, '3')).toMatchObject({ id: '3', title: '', contents: '""\nb' });
  });
  it('reads the BM25 server shape {title, text, contents} without id', () => {
    expect(normaliseDocument({ title: 'T', text: 'b', contents: '"T"\nb' }, '')).toEqual({ id: '', title: 'T', text: 'b', contents: '"T"\nb' });
  });
  it('replaces newlines in a title so the contents split stays right', () => {
    expect(contentsFromTitleText('a\nb', 't')).toBe('"a b"\nt');
  });
  it('rejects records it cannot use', () => {
    expect(normaliseDocument([1], '0')).toEqual({ error: 'expected a JSON object' });
    expect(normaliseDocument({ id: '1' }, '0')).toHaveProperty('error');
    expect(normaliseDocument({ id: {}, contents: 'x' }, '0')).toEqual({ error: 'field id must be a string or a number' });
    expect(normaliseDocument({ title: 3, text: 'x' }, '0')).toEqual({ error: 'field title must be a string' });
  });
});
