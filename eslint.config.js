import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const headless = ['src/contracts/**', 'src/core/**', 'src/protocols/**', 'src/transport/**', 'src/hash/**', 'src/persist/**'];

/**
 * Layering (DESIGN.md): element → core → (contracts) ← protocols; transport at the bottom; hash
 * and persist beside core. Types every layer shares live in src/contracts/. The engine and the
 * element name no target: only the default entry (src/chunk-uploader.ts) and src/index.ts read
 * the list of built-in targets.
 */
const layer = (files, patterns) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns }] },
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'bench/out/**', 'coverage/**', 'examples/*/dist/**', 'custom-elements.json'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'max-lines': ['warn', { max: 300, skipBlankLines: true, skipComments: true }],
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: 'TSEnumDeclaration', message: 'Use an `as const` object and a union type (Lit subset).' },
        { selector: 'TSModuleDeclaration[kind="namespace"]', message: 'No namespaces.' },
        { selector: 'TSParameterProperty', message: 'No parameter properties.' },
        { selector: 'ExportDefaultDeclaration', message: 'Named exports only.' },
        { selector: 'CallExpression[callee.object.name="console"]', message: 'The library never logs; report through events.' },
      ],
    },
  },
  layer(headless, [
    { group: ['lit', 'lit/*', '@lit/*'], message: 'The engine is headless: no Lit below src/element.' },
    { group: ['**/element/**'], message: 'Lower layers never import the element.' },
  ]),
  layer(['src/contracts/**'], [
    { group: ['**/core/**', '**/protocols/**', '**/hash/**', '**/persist/**', '**/element/**', 'lit', 'lit/*'], message: 'Contracts are the bottom layer: they may use transport types only.' },
  ]),
  layer(['src/core/**'], [
    { group: ['**/element/**', 'lit', 'lit/*', '@lit/*'], message: 'The engine is headless and never imports the element.' },
    { group: ['**/protocols/**'], message: 'The engine names no target: use the types in src/contracts/.' },
  ]),
  layer(['src/protocols/**'], [
    { group: ['**/core/**'], message: 'Adapters do not depend on the engine.' },
    { group: ['**/element/**', 'lit', 'lit/*'], message: 'Adapters are headless.' },
    { group: ['**/hash/**', '**/persist/**'], message: 'Adapters reach hashing through io.hasher (src/contracts/).' },
  ]),
  layer(['src/element/**'], [
    { group: ['**/protocols/**'], message: 'The element names no target: it takes a list of Target definitions (src/contracts/target.ts).' },
  ]),
  layer(['src/transport/**'], [
    { group: ['**/core/**', '**/protocols/**', '**/hash/**', '**/persist/**', '**/element/**', 'lit', 'lit/*'], message: 'The transport depends on nothing above it.' },
  ]),
  layer(['src/hash/**', 'src/persist/**'], [
    { group: ['**/core/**', '**/protocols/**', '**/element/**', 'lit', 'lit/*'], message: 'hash/ and persist/ may use types from contracts/ and transport/ only.' },
  ]),
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'server/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
