// @ts-check
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/**
 * Layer boundaries (docs/decisions/002-layers-and-boundaries.md): imports point
 * downward only, app -> features -> m365 -> domain, with hosts/ beside
 * features as the only code that may touch teams-js, office.js or MSAL.
 */
const hostSdks = [
  {
    group: ['@microsoft/teams-js', '@microsoft/teams-js/*'],
    message: 'Only src/hosts/ may use teams-js.',
  },
  {
    group: ['@azure/msal-browser', '@azure/msal-browser/*'],
    message: 'Only src/hosts/ may use MSAL.',
  },
  {
    group: ['@microsoft/office-js', '@microsoft/office-js/*'],
    message:
      'office.js is a classic script loaded by taskpane.html, used only in src/hosts/outlook/.',
  },
];
const graphSdk = {
  group: ['@microsoft/microsoft-graph-client', '@microsoft/microsoft-graph-client/*'],
  message: 'Graph is reached only through src/m365/.',
};
const uiLibraries = {
  group: ['react', 'react/*', 'react-dom', 'react-dom/*', '@fluentui/*', '@tanstack/*'],
  message: 'This layer has no UI.',
};
/** `import()` escapes no-restricted-imports; this closes the gap outside hosts/. */
const dynamicSdkImport = {
  selector:
    'ImportExpression[source.value=/^(@microsoft\\/teams-js|@azure\\/msal-browser|@microsoft\\/office-js|@microsoft\\/microsoft-graph-client)/]',
  message: 'Host SDKs and the Graph client may not be imported dynamically outside their layer.',
};
const emulator = {
  group: ['**/emulator/**'],
  message: 'The emulator is for tests and the dev server only.',
};
const layer = (name) => ({
  group: [`**/${name}/**`, `../${name}/*`, `../../${name}/*`],
  message: `Imports point downward: this layer may not import ${name}/.`,
});

export default tseslint.config(
  {
    ignores: [
      'dist',
      'dist-*',
      'node_modules',
      'coverage',
      'test-results',
      'playwright-report',
      '.data',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-assertions': ['error', { assertionStyle: 'never' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    files: ['src/domain/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...hostSdks,
            graphSdk,
            uiLibraries,
            emulator,
            layer('app'),
            layer('features'),
            layer('hosts'),
            layer('m365'),
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        dynamicSdkImport,
        {
          selector: "MemberExpression[object.name='globalThis']",
          message: 'The domain layer has no browser or host globals.',
        },
      ],
      'no-restricted-globals': [
        'error',
        'window',
        'document',
        'navigator',
        'location',
        'localStorage',
        'sessionStorage',
        'fetch',
        'XMLHttpRequest',
        'Office',
      ],
    },
  },
  {
    files: ['src/m365/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          ...dynamicSdkImport,
          selector:
            'ImportExpression[source.value=/^(@microsoft\\/teams-js|@azure\\/msal-browser|@microsoft\\/office-js)/]',
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...hostSdks,
            uiLibraries,
            emulator,
            layer('app'),
            layer('features'),
            layer('hosts'),
          ],
        },
      ],
    },
  },
  {
    files: ['src/hosts/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [graphSdk, uiLibraries, emulator, layer('app'), layer('features')] },
      ],
    },
  },
  {
    files: ['src/features/**'],
    rules: {
      'no-restricted-syntax': ['error', dynamicSdkImport],
      'no-restricted-imports': [
        'error',
        { patterns: [...hostSdks, graphSdk, emulator, layer('app'), layer('hosts')] },
      ],
    },
  },
  {
    files: ['src/app/**'],
    rules: {
      'no-restricted-syntax': ['error', dynamicSdkImport],
      'no-restricted-imports': ['error', { patterns: [...hostSdks, graphSdk, emulator] }],
    },
  },
  {
    files: ['test/**', 'scripts/**', 'emulator/**', '*.config.ts', '**/*.{js,mjs}'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.{js,mjs}'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { process: 'readonly', console: 'readonly' },
    },
  },
);
