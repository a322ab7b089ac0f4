import { BaseSequencer, type TestSpecification } from 'vitest/node';

const PAIR = /\/isolation-[ab]\.spec\.ts$/;

/**
 * The two isolation files meet at a barrier, so they must run at the same time: each holds one of
 * the two workers until the other has written. Vitest's order (slowest first, from the last run's
 * durations) put one of them beside interrupted-run.spec.ts and the other after it, and the suite
 * waited 33 s of its 39 on that barrier. This order starts them first, together, then the rest as
 * Vitest orders them. With `--sequence.shuffle` the rest comes in an order drawn from the seed,
 * as Vitest's own shuffle does, so flake-check still varies it.
 */
export default class IsolationPairFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const { shuffle, seed } = this.ctx.config.sequence;
    const ordered = shuffle ? seeded([...files].sort(byModule), seed) : await super.sort(files);
    return [
      ...ordered.filter((file) => PAIR.test(file.moduleId)),
      ...ordered.filter((file) => !PAIR.test(file.moduleId)),
    ];
  }
}

function byModule(a: TestSpecification, b: TestSpecification): number {
  return a.moduleId < b.moduleId ? -1 : a.moduleId > b.moduleId ? 1 : 0;
}

/** Fisher-Yates with a small seeded generator (mulberry32): the same seed, the same order. */
function seeded<T>(items: T[], seed: number): T[] {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    const swapped = items[i] as T;
    items[i] = items[j] as T;
    items[j] = swapped;
  }
  return items;
}
