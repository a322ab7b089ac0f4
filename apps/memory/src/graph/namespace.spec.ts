import { describe, expect, it } from 'vitest';
import { namespaceFrom } from './namespace.js';

describe('namespaceFrom', () => {
  it('takes a valid x-namespace header', () => {
    expect(namespaceFrom({ 'x-namespace': 'team_42-a' })).toBe('team_42-a');
  });

  it('requires the header, with a 400 naming it', () => {
    expect(() => namespaceFrom({})).toThrow('headers.x-namespace is required');
  });

  it.each(['', 'a b', "x' OR 1=1", 'n'.repeat(65)])('refuses %j', (value) => {
    expect(() => namespaceFrom({ 'x-namespace': value })).toThrow(
      'headers.x-namespace must be 1-64 letters, digits, "_" or "-"',
    );
  });
});
