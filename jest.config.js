/** Integration suites start real servers once per file (beforeAll), so two workers keep the 2-core machine busy without thrashing. */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  testMatch: ['<rootDir>/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/.data/', '<rootDir>/web/'],
  testTimeout: 120_000,
  maxWorkers: 2,
  setupFiles: ['<rootDir>/test/setup/quiet-temporal.ts'],
};
