const preset = require('../../jest.preset.cjs')(__dirname);

// test/*.spec.ts too: checks that need no farm (k8s-manifests.spec.ts) but read files outside src/.
module.exports = { ...preset, testMatch: [...preset.testMatch, '<rootDir>/test/**/*.spec.ts'] };
