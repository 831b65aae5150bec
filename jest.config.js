/** Tests run the TypeScript sources through ts-jest; end-to-end tests run the built CLI in dist/. */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testTimeout: 60000,
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: { types: ['node', 'jest'] }, diagnostics: { warnOnly: false } }] },
};
