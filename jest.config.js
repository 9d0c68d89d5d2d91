// One jest run over every package: tests import sibling packages from source (no build needed).
const fs = require('fs');
const path = require('path');
const pkgs = fs.readdirSync(path.join(__dirname, 'packages'));
const moduleNameMapper = {};
for (const p of pkgs) moduleNameMapper[`^@driftlab/${p}$`] = `<rootDir>/packages/${p}/src/index.ts`;
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/packages', '<rootDir>/tools'],
  testMatch: ['**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  moduleNameMapper,
  testTimeout: 60000,
};
