import { describe, expect, it } from 'vitest';
import { failureReason } from './worker.js';

describe('failureReason', () => {
  it('takes the message without the control characters PostgreSQL refuses', () => {
    expect(failureReason(new Error('params: before\u0000after\u0007'))).toBe('params: before after ');
  });

  it('cuts a driver error that quotes a whole statement to 500 characters', () => {
    const reason = failureReason(new Error(`Failed query: insert into chunks ${'x'.repeat(10_000)}`));

    expect(reason).toHaveLength(500);
    expect(reason.endsWith('…')).toBe(true);
  });

  it('reads a thrown value that is not an Error', () => {
    expect(failureReason('plain')).toBe('plain');
  });
});
