import { describe, expect, it } from 'vitest';
import { extractSql } from '../scorers/sql-extract.js';

describe('extractSql', () => {
  it('takes the fenced sql block out of prose', () => {
    const text = 'Here is the query:\n```sql\nSELECT name\nFROM singer\nWHERE age > 20;\n```\nIt lists the singers.';
    expect(extractSql(text)).toBe('SELECT name\nFROM singer\nWHERE age > 20');
  });

  it('takes the last sql block when there are several, ignoring other languages', () => {
    const text = [
      'First attempt:\n```sql\nSELECT 1 FROM t\n```',
      'Corrected:\n```SQL\nSELECT count(*) FROM t WHERE x = 1;\n```',
      'Check it with:\n```python\nprint(cur.fetchall())\n```',
    ].join('\n');
    expect(extractSql(text)).toBe('SELECT count(*) FROM t WHERE x = 1');
  });

  it('falls back to untagged blocks, single-line fences and an unterminated final fence', () => {
    expect(extractSql('Answer:\n```\nSELECT a FROM t\n```')).toBe('SELECT a FROM t');
    expect(extractSql('```json\n{"a": 1}\n```\n```\nWITH x AS (SELECT 1) SELECT * FROM x\n```\n```text\nnote\n```')).toBe(
      'WITH x AS (SELECT 1) SELECT * FROM x',
    );
    expect(extractSql('Use ```SELECT 1``` here')).toBe('SELECT 1');
    expect(extractSql('```sql\nSELECT a\nFROM t WHERE b = 2')).toBe('SELECT a\nFROM t WHERE b = 2');
  });

  it('uses the text after the last SQL: marker', () => {
    expect(extractSql('Reasoning about joins.\nSQL: SELECT name FROM singer WHERE age > 20;\nThat is all.')).toBe(
      'SELECT name FROM singer WHERE age > 20',
    );
    expect(extractSql('Draft SQL: SELECT 1\n\n**Final SQL:**\nSELECT a,\n  b\nFROM t\n\nDone.')).toBe('SELECT a,\n  b\nFROM t');
    expect(extractSql('The query: select x from y')).toBe('select x from y');
  });

  it('finds a bare statement without a fence, keeping subqueries and CTEs whole', () => {
    const nested = 'We need names.\nSELECT name FROM t WHERE id IN (\nSELECT tid FROM u)\n\nThis selects them.';
    expect(extractSql(nested)).toBe('SELECT name FROM t WHERE id IN (\nSELECT tid FROM u)');
    const cte = 'with the help of a CTE:\nWITH x AS (\nSELECT 1 AS a\n)\nSELECT a FROM x';
    expect(extractSql(cte)).toBe('WITH x AS (\nSELECT 1 AS a\n)\nSELECT a FROM x');
    expect(extractSql('First try: SELECT a FROM t;\nBetter: SELECT b FROM t;')).toBe('SELECT b FROM t');
    expect(extractSql("I will select the rows. SELECT a FROM t WHERE b = 'x;y'")).toBe("SELECT a FROM t WHERE b = 'x;y'");
  });

  it('strips trailing semicolons, leftover think blocks, and returns empty when there is no SQL', () => {
    expect(extractSql('SELECT 1;;  \n')).toBe('SELECT 1');
    expect(extractSql('<think>SELECT wrong FROM t</think>\nSELECT right FROM t')).toBe('SELECT right FROM t');
    expect(extractSql('I cannot answer this question.')).toBe('');
    expect(extractSql('')).toBe('');
  });
});
