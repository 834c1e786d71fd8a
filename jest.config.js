// Test tiers by file suffix: *.unit.spec.ts (pure), *.int.spec.ts (real stores), *.e2e.spec.ts (HTTP).
const base = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: {
    '^.+\\.(t|j)s$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  // NestJS 12 and a few of its dependencies ship ESM only; swc turns them into CommonJS for Jest.
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|file-type|load-esm|uid|jose)/)'],
  moduleNameMapper: {
    '^@app/([a-z-]+)(/.*)?$': '<rootDir>/libs/$1/src$2',
  },
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
};

module.exports = {
  // Real stores and whole apps (with the notary and the rules engine running) on a shared machine:
  // a guard against a hang, not a speed limit.
  testTimeout: 30_000,
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/**/*.unit.spec.ts'] },
    { ...base, displayName: 'int', testMatch: ['<rootDir>/**/*.int.spec.ts'] },
    { ...base, displayName: 'e2e', testMatch: ['<rootDir>/**/*.e2e.spec.ts'] },
  ],
};
