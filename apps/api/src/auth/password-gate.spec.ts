import { describe, expect, it } from 'vitest';
import { createPasswordGate } from './password-gate.js';

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
};

describe('createPasswordGate', () => {
  it('runs at most `concurrency` at once, queues up to `queue`, refuses the rest with 503 and Retry-After', async () => {
    const gate = createPasswordGate({ concurrency: 1, queue: 1 });
    const first = deferred();
    const started: string[] = [];
    const a = gate.run(async () => {
      started.push('a');
      await first.promise;
    });
    const b = gate.run(async () => void started.push('b'));

    await expect(gate.run(async () => 'c')).rejects.toMatchObject({
      status: 503,
      slug: 'password-hashing-busy',
      headers: { 'retry-after': '1' },
    });
    expect(started).toEqual(['a']);
    first.resolve();
    await Promise.all([a, b]);
    expect(started).toEqual(['a', 'b']);
    expect(await gate.run(async () => 'free again')).toBe('free again');
  });

  it('frees its slot when the work fails', async () => {
    const gate = createPasswordGate({ concurrency: 1, queue: 0 });

    await expect(gate.run(() => Promise.reject(new Error('scrypt failed')))).rejects.toThrow('scrypt failed');
    expect(await gate.run(async () => 'next')).toBe('next');
  });
});
