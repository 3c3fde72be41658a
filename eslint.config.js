// Drivers stay inside their adapter folder: the engine, the HTTP layer and the CLI see only ports.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const driverImports = (allowed) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: ['better-sqlite3', 'pg', 'nodemailer', 'mailparser', 'smtp-server']
        .filter((name) => !allowed.includes(name))
        .map((name) => ({ name, message: `${name} is imported only inside its adapter folder.` })),
    },
  ],
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'examples/**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      ...driverImports([]),
    },
  },
  { files: ['src/store/sqlite/**'], rules: driverImports(['better-sqlite3']) },
  { files: ['src/store/postgres/**'], rules: driverImports(['pg']) },
  { files: ['src/channels/email/**'], rules: driverImports(['nodemailer']) },
  { files: ['src/inbound/**'], rules: driverImports(['mailparser']) },
  { files: ['src/inbound/smtp/**'], rules: driverImports(['smtp-server']) },
  {
    files: ['test/**', 'bench/**'],
    rules: driverImports(['pg', 'better-sqlite3', 'nodemailer', 'mailparser', 'smtp-server']),
  },
  {
    files: ['src/engine/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'The engine takes time from its Clock.',
        },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'The engine takes time from its Clock.',
        },
      ],
    },
  },
);
