// One farm for the whole suite, started once (global-setup.ts) and shared by every file, which
// run one at a time: each file leaves the farm whole for the next.
module.exports = require('../jest.preset.cjs')(__dirname, {
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
});
