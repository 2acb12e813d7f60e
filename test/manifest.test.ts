import { describe, expect, it } from 'vitest';
import { canonicalJson, diffFingerprints, fingerprintOf, redact, redactUrl } from '../harness/store/manifest.js';

describe('manifest helpers', () => {
  it('hashes canonically (key order does not matter)', () => {
    expect(canonicalJson({ b: 1, a: [1, { d: 2, c: 3 }] })).toBe('{"a":[1,{"c":3,"d":2}],"b":1}');
    expect(fingerprintOf({ a: 1, b: 2 })).toBe(fingerprintOf({ b: 2, a: 1 }));
    expect(fingerprintOf({ a: 1 })).not.toBe(fingerprintOf({ a: 2 }));
  });

  it('names the fields that differ, nested', () => {
    const d = diffFingerprints({ sampling: { temperature: 0, top_p: 1 }, model: 'x' }, { sampling: { temperature: 0.6, top_p: 1 }, model: 'x' });
    expect(d).toEqual(['sampling.temperature (0 → 0.6)']);
  });

  it('redacts credentials in URLs and secret-named fields, keeping env var names', () => {
    expect(redactUrl('http://user:pw@host:8000/v1')).toBe('http://[redacted]@host:8000/v1');
    expect(redact({ apiKey: 'sk-1', apiKeyEnv: 'OPENAI_API_KEY', token: 'hf_x', nested: { password: 'p' }, url: 'https://a:b@h' })).toEqual({
      apiKey: '[redacted]',
      apiKeyEnv: 'OPENAI_API_KEY',
      token: '[redacted]',
      nested: { password: '[redacted]' },
      url: 'https://[redacted]@h',
    });
  });
});
