// ESLint (flat config): the recommended rules of @eslint/js over the front
// end, its tests, the benchmarks and the build configs, with the globals of
// where each file runs. Types are TypeScript's job (tsconfig.json); this
// catches what types do not: unused code, unreachable code, shadowed and
// reassigned bindings, empty blocks, equality mistakes.
import js from '@eslint/js';
import globals from 'globals';

export default [
  // Built or generated: the bindings, the packages, and the component package's copy of the build.
  { ignores: ['pkg/**', 'pkg-scalar/**', 'node_modules/**', 'component-package/velocity-cliff.js'] },
  js.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2025, sourceType: 'module' },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-unused-vars': ['error', { args: 'none', caughtErrors: 'none' }],
      'no-shadow': 'off',
      'prefer-const': 'error',
      'no-var': 'error',
    },
  },
  // The front end: the browser, its workers, and Vite's import.meta.env.
  { files: ['src/**/*.js'], languageOptions: { globals: { ...globals.browser, ...globals.worker } } },
  // Tests, benchmarks, scripts and build configs run in Node; code inside page.evaluate runs in the page.
  { files: ['tests/**/*.mjs', 'bench/**/*.mjs', 'scripts/**/*.mjs', 'component-package/*.mjs', '*.config.js'], languageOptions: { globals: { ...globals.node, ...globals.browser } } },
  // The fixtures are classic scripts and modules of test pages.
  { files: ['tests/fixtures/**/*.js'], languageOptions: { globals: globals.browser } },
];
