import nx from '@nx/eslint-plugin';
import * as jsoncParser from 'jsonc-eslint-parser';

/**
 * Module boundaries (DESIGN.md): every project is tagged `scope:*` and `type:*`.
 * - Services (type:app) use shared runtime libs only: never test-utils, never each other.
 * - Only integration projects import test-utils; an integration project may import its
 *   own service and the shared libs.
 */
const depConstraints = [
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
  { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
  { sourceTag: 'type:test-utils', onlyDependOnLibsWithTags: ['type:test-utils', 'type:lib'] },
  { sourceTag: 'type:integration', onlyDependOnLibsWithTags: ['type:app', 'type:lib', 'type:test-utils'] },
  // Tools (benchmarks) boot services the way tests do.
  { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:app', 'type:lib', 'type:test-utils'] },
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:api', onlyDependOnLibsWithTags: ['scope:api', 'scope:shared'] },
  { sourceTag: 'scope:memory', onlyDependOnLibsWithTags: ['scope:memory', 'scope:shared'] },
  { sourceTag: 'scope:docs', onlyDependOnLibsWithTags: ['scope:docs', 'scope:shared'] },
  // Suites about how services work together (clients, outbox, contracts) may boot several.
  {
    sourceTag: 'scope:cross-service',
    onlyDependOnLibsWithTags: ['scope:api', 'scope:memory', 'scope:docs', 'scope:shared'],
  },
];

export default [
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/target/**',
      '**/.nx/**',
      '**/coverage/**',
      // Outside services as their authors wrote them (CommonJS, no TypeScript): not this repo's code.
      'packages/adoption-integration/outside-services/**',
    ],
  },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': ['error', { enforceBuildableLibDependency: false, depConstraints }],
      // Vitest fixtures destructure an empty context: `async ({}, use) => ...`.
      'no-empty-pattern': 'off',
    },
  },
  {
    // Tests index into results they have just asserted on; `!` there states a checked fact.
    files: ['**/*.spec.ts', '**/tests/**/*.ts', '**/support/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    // A dependency nothing imports is an error. Our projects have no build target, so the rule
    // reads what typecheck reads. Suites declare no dependencies of their own (they run on the
    // root's test tooling), and a type package is used without an import.
    files: ['**/package.json'],
    ignores: [
      'package.json',
      '**/fixtures/**',
      '**/*-integration/package.json',
      'libs/test-utils/integration/package.json',
    ],
    languageOptions: { parser: jsoncParser },
    rules: {
      '@nx/dependency-checks': [
        'error',
        {
          buildTargets: ['typecheck'],
          checkMissingDependencies: false,
          checkVersionMismatches: false,
          checkObsoleteDependencies: true,
          ignoredDependencies: ['@types/autocannon'],
          // A package's dependencies are what its shipped code imports; its own tests run on the root's Vitest.
          ignoredFiles: ['{projectRoot}/**/*.spec.ts', '{projectRoot}/vitest.config.ts'],
        },
      ],
    },
  },
];
