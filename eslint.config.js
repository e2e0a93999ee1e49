// Lint rules from CONVENTIONS.md: small functions, explicit types, no `any`, and the import
// direction of DESIGN.md (pure code never reaches for the client, the network, the clock or logs).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const pureForbidden = {
  paths: [
    { name: '@kubernetes/client-node', message: 'Pure code never talks to the API: only src/kube imports the client.' },
    { name: 'node:http', message: 'Pure code does no I/O.' },
    { name: 'node:https', message: 'Pure code does no I/O.' },
    { name: 'axios', message: 'Pure code does no I/O.' },
    { name: 'pino', message: 'Pure code returns reasons; the caller logs.' },
  ],
  patterns: [
    { group: ['**/kube/**', '**/controller/**', '**/cli/**', '**/dashboard/**', '**/sim/**'], message: 'Pure code imports only src/api (and its own folder).' },
  ],
};

const clientOnlyInKube = {
  paths: [{ name: '@kubernetes/client-node', message: 'Only src/kube imports @kubernetes/client-node.' }],
  patterns: [{ group: ['**/sim/**'], message: 'Nothing imports the simulator: speak to it over HTTP.' }],
};

// All of src/analysis (engine, providers, the run reconcile) reaches the cluster only through the
// ports it declares (src/analysis/ports.ts), which src/kube implements.
const analysisLayer = {
  group: ['**/kube/**', '**/controller/**', '**/cli/**', '**/dashboard/**', '**/rollout/**', '**/sim/**'],
  message: 'src/analysis imports only src/api, src/shared and its own ports; src/kube implements the ports.',
};

// Traffic routers reach their objects only through the TrafficObjects port (src/traffic/router.ts).
const trafficLayer = {
  group: ['**/kube/**', '**/controller/**', '**/cli/**', '**/dashboard/**', '**/rollout/**', '**/analysis/**', '**/sim/**'],
  message: 'src/traffic imports only src/api, src/shared and its own port; src/kube implements the port.',
};
const trafficForbidden = { paths: clientOnlyInKube.paths, patterns: [...clientOnlyInKube.patterns, trafficLayer] };

// Notifications read their settings through the NotificationSettingsSource port (src/kube implements it)
// and reuse only the analysis engine's pure expr → CEL translation.
const notificationsLayer = {
  group: ['**/kube/**', '**/controller/**', '**/cli/**', '**/dashboard/**', '**/rollout/**', '**/traffic/**', '**/sim/**', '**/analysis/*.js', '**/analysis/providers/**'],
  message: 'src/notifications imports only src/api, src/shared, the analysis engine and its own folder; src/kube implements its port.',
};
const notificationsForbidden = { paths: clientOnlyInKube.paths, patterns: [...clientOnlyInKube.patterns, notificationsLayer] };

// A later config object's options for a rule replace an earlier one's, so each folder gets one merged
// list. The engine keeps the pure rules, which already forbid all of analysisLayer but src/rollout.
const analysisForbidden = { paths: clientOnlyInKube.paths, patterns: [...clientOnlyInKube.patterns, analysisLayer] };
const analysisEngineForbidden = { paths: pureForbidden.paths, patterns: [...pureForbidden.patterns, { ...analysisLayer, group: ['**/rollout/**'] }] };

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'test-output/**', '*.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      complexity: ['error', 10],
      'max-depth': ['error', 3],
      'max-params': ['error', 4],
      '@typescript-eslint/explicit-module-boundary-types': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  { files: ['src/**/*.ts'], ignores: ['src/kube/**'], rules: { 'no-restricted-imports': ['error', clientOnlyInKube] } },
  {
    files: ['src/api/**/*.ts', 'src/rollout/plan/**/*.ts', 'src/analysis/engine/**/*.ts', 'src/view/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', pureForbidden],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Time arrives as a parameter.' },
        { selector: "CallExpression[callee.object.name='DateTime'][callee.property.name='now']", message: 'Time arrives as a parameter.' },
        { selector: "CallExpression[callee.name=/^set(Timeout|Interval|Immediate)$/]", message: 'Pure code has no timers.' },
      ],
    },
  },
  { files: ['src/analysis/**/*.ts'], ignores: ['src/analysis/engine/**'], rules: { 'no-restricted-imports': ['error', analysisForbidden] } },
  { files: ['src/analysis/engine/**/*.ts'], rules: { 'no-restricted-imports': ['error', analysisEngineForbidden] } },
  { files: ['src/traffic/**/*.ts'], rules: { 'no-restricted-imports': ['error', trafficForbidden] } },
  { files: ['src/notifications/**/*.ts'], rules: { 'no-restricted-imports': ['error', notificationsForbidden] } },
  {
    files: ['src/sim/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/api/**', '**/shared/**', '**/kube/**', '**/rollout/**', '**/analysis/**', '**/traffic/**', '**/view/**', '**/ops/**', '**/controller/**', '**/cli/**', '**/dashboard/**'], message: 'rollouts-sim is a separate program: it imports nothing of the product.' }] }],
    },
  },
  // The dashboard's page script runs in the browser, untyped and unbundled: plain JS rules only.
  {
    files: ['src/dashboard/static/**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      sourceType: 'module',
      globals: Object.fromEntries(['window', 'document', 'location', 'fetch', 'EventSource', 'Node', 'URLSearchParams', 'setTimeout', 'console'].map((g) => [g, 'readonly'])),
    },
  },
  {
    files: ['test/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      'max-params': 'off',
      complexity: 'off',
    },
  },
);
