import { faker } from '@faker-js/faker';

/**
 * One seed per run (IT_SEED, default 1), printed by the suites' setup, so a failure that
 * depends on generated data reproduces with `IT_SEED=<seed>`.
 */
export const fakerSeed = Number(process.env.IT_SEED ?? 1);
faker.seed(fakerSeed);

export { faker };
