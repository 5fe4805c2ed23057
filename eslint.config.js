import fs from 'node:fs';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

/**
 * The rooms and which way imports may go between them (README, "Where things are"):
 *
 *   events/          contracts: imports nothing of ours
 *   shared/domain/   pure rules: events and itself; no I/O, no SDK
 *   shared/runtime/  logger, clock, config, SDK clients, batch handling: domain and events
 *   shared/io/       CSV and XLSX readers and writers: domain, runtime
 *   shared/data/     repositories: domain, runtime
 *   shared/mail/     composition, templates, MIME, outbox: domain, runtime, data
 *   shared/digest/   the weekly digest: any of the above
 *   functions/<fn>/  one Lambda function each: shared/ and events/, never another function
 *   infra/           topology and CDK app, emulator, operator tools, harnesses: deployed code never
 *                    imports any of it; the topology and the CDK app never import the emulator,
 *                    tools or harnesses.
 *
 * A wrong-way import, or any import cycle, fails `npm run lint`.
 */
const rooms = {
  events: './events',
  domain: './shared/domain',
  runtime: './shared/runtime',
  io: './shared/io',
  data: './shared/data',
  mail: './shared/mail',
  digest: './shared/digest',
  functions: './functions',
  infra: './infra',
  test: './test',
};
const zone = (target, from, message) => ({ target, from, message });
const others = (...allowed) =>
  Object.entries(rooms)
    .filter(([k]) => !allowed.includes(k))
    .map(([, v]) => v);
const functionDirs = fs
  .readdirSync('functions', { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => `./functions/${d.name}`);

const boundaries = [
  zone(rooms.events, others('events'), 'events/ holds contracts only and imports nothing of ours.'),
  zone(rooms.domain, others('domain', 'events'), 'The domain is pure: it imports only events/ and itself.'),
  zone(rooms.runtime, others('runtime', 'domain', 'events'), 'shared/runtime imports only the domain and events/.'),
  zone(rooms.io, others('io', 'domain', 'runtime', 'events'), 'shared/io imports only the domain, runtime and events/.'),
  zone(rooms.data, others('data', 'domain', 'runtime', 'events'), 'Repositories import only the domain, runtime and events/.'),
  zone(rooms.mail, others('mail', 'domain', 'runtime', 'data', 'events'), 'shared/mail imports only the domain, runtime, data and events/.'),
  zone(rooms.digest, others('digest', 'domain', 'runtime', 'data', 'io', 'mail', 'events'), 'The digest imports only shared/ and events/.'),
  ...functionDirs.map((dir) =>
    zone(
      dir,
      [...others('functions', 'domain', 'runtime', 'io', 'data', 'mail', 'digest', 'events'), ...functionDirs.filter((d) => d !== dir)],
      'A function imports shared/ and events/, never another function or infra/.',
    ),
  ),
  zone(
    ['./infra/topology.ts', './infra/cdk'],
    ['./infra/emulator', './infra/tools', './infra/harness'],
    'The topology and the CDK app never import the emulator, tools or harnesses.',
  ),
  zone('./infra/emulator', ['./infra/tools', './infra/harness'], 'The emulator never imports the operator tools or the harnesses.'),
];

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', '.local/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // The clock is injected: domain and handlers must call shared/runtime/clock's now().
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'Use now() from shared/runtime/clock so that time can be injected.',
        },
      ],
    },
  },
  {
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: boundaries }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-duplicates': 'error',
    },
  },
  {
    // The domain has no side effects: no SDK, no file system, no network, no spreadsheets.
    files: ['shared/domain/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(@aws-sdk/|node:|fs$|path$|exceljs|csv-parse|nodemailer|@middy/|@aws-lambda-powertools/)',
              message: 'The domain is pure: no I/O or SDK imports.',
            },
          ],
        },
      ],
    },
  },
);
