import { isPlainHttpRegistry } from './plain-http.js';

describe('isPlainHttpRegistry', () => {
  it.each([
    ['127.0.0.1:5000', [], true],
    ['localhost:5000', [], true],
    ['registry.lan:5000', ['registry.lan:5000'], true],
    ['quay.io', [], false],
    ['127.0.0.1.example.com', [], false],
  ])('%s with %j is %s', (host, list, expected) => {
    expect(isPlainHttpRegistry(host, list)).toBe(expected);
  });
});
