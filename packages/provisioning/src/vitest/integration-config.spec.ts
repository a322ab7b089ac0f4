import { describe, expect, it } from 'vitest';
import { defineIntegrationConfig } from './integration-config.js';

describe('defineIntegrationConfig', () => {
  it('gives every suite the same defaults: its tests, its global setup, 2 workers, one import per worker', () => {
    expect(defineIntegrationConfig().test).toEqual({
      include: ['tests/**/*.spec.ts'],
      globalSetup: ['./global-setup.ts'],
      maxWorkers: 2,
      testTimeout: 30_000,
      hookTimeout: 60_000,
      isolate: false,
    });
  });

  it('measures the service source it names, reporting under coverage/<service>', () => {
    const coverage = defineIntegrationConfig({ coverageOf: '../api/src/' }).test?.coverage;

    expect(coverage).toMatchObject({
      provider: 'v8',
      include: ['../api/src/**/*.ts'],
      exclude: ['**/*.spec.ts'],
      allowExternal: true,
      reportsDirectory: '../../coverage/api',
    });
    expect(defineIntegrationConfig({ coverageOf: 'lib' }).test?.coverage).toMatchObject({
      reportsDirectory: '../../coverage/lib',
    });
  });

  it('fails a coverage run below the thresholds given, and sets none without them', () => {
    const thresholds = { lines: 90, branches: 80, functions: 85 };

    expect(
      defineIntegrationConfig({ coverageOf: '../api/src', coverageThresholds: thresholds }).test?.coverage,
    ).toMatchObject({ thresholds });
    expect(defineIntegrationConfig({ coverageOf: '../api/src' }).test?.coverage).not.toHaveProperty('thresholds');
  });

  it('lets the suite override any default, and sets the root only when given', () => {
    const config = defineIntegrationConfig({
      root: '/suite',
      globalSetup: [],
      test: { isolate: true, testTimeout: 5 },
    });

    expect(config.root).toBe('/suite');
    expect(config.test).toMatchObject({ globalSetup: [], isolate: true, testTimeout: 5, maxWorkers: 2 });
    expect(defineIntegrationConfig()).not.toHaveProperty('root');
  });
});
