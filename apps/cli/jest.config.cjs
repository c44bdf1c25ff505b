module.exports = require('../../jest.preset.cjs')(__dirname, {
  setupFilesAfterEnv: ['<rootDir>/src/testing/jest-setup.ts'],
});
