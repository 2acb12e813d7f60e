// fc-mode tool conversion (convert_to_tool + _cast_to_openai_type for OpenAI-style models). The
// bundled entries' tools were compared with the official converter's output (all 228 identical);
// these cases pin the rules.
import { describe, expect, it } from 'vitest';
import { fcName, PYTHON_HINT, toolsFor } from '../benchmarks/bfcl/tools.js';
import { parseJsonPy } from '../scorers/bfcl/json-py.js';

const fn = (o: object) => parseJsonPy(JSON.stringify(o));

describe('BFCL tool conversion', () => {
  it('maps Python type names to JSON-schema types, dots in names to underscores, floats get a format and a note', () => {
    const tools = toolsFor([
      fn({
        name: 'math.stats.mean',
        description: 'Mean.',
        parameters: {
          type: 'dict',
          properties: {
            xs: { type: 'array', items: { type: 'float' }, description: 'numbers' },
            w: { type: 'float', description: 'weight' },
            opts: { type: 'dict', properties: { k: { type: 'integer' }, t: { type: 'tuple', items: { type: 'string' } } } },
            any: { type: 'any', description: 'x' },
            untyped: { description: 'no type' },
            pair: { type: 'tuple', items: { type: 'integer' }, description: 'p' },
          },
          required: ['xs'],
        },
      }),
    ]);
    expect(Array.isArray(tools)).toBe(true);
    const t = (tools as Exclude<typeof tools, string>)[0]!;
    expect(t.function.name).toBe('math_stats_mean');
    expect(t.function.description).toBe(`Mean.${PYTHON_HINT}`);
    expect(t.function.parameters).toEqual({
      type: 'object',
      properties: {
        xs: { type: 'array', items: { type: 'number' }, description: 'numbers' },
        w: { type: 'number', description: 'weight This is a float type value.', format: 'float' },
        opts: { type: 'object', properties: { k: { type: 'integer' }, t: { type: 'array', items: { type: 'string' } } } },
        any: { type: 'string', description: 'x' },
        untyped: { description: 'no type', type: 'string' },
        pair: { type: 'array', items: { type: 'integer' }, description: 'p' },
      },
      required: ['xs'],
    });
    expect(fcName('a.b.c')).toBe('a_b_c');
  });

  it('reports a doc the official converter cannot express', () => {
    const items = toolsFor([fn({ name: 'f', description: 'd', parameters: { type: 'dict', properties: { a: { type: 'array', items: { type: 'complex' } } }, required: [] } })]);
    expect(items).toMatch(/items type complex/);
    const noDesc = toolsFor([fn({ name: 'f', description: 'd', parameters: { type: 'dict', properties: { a: { type: 'float' } }, required: [] } })]);
    expect(noDesc).toMatch(/float parameter without a description/);
  });
});
