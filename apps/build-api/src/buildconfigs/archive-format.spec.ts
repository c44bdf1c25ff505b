import { gzipSync } from 'node:zlib';
import { detectArchiveFormat, SNIFF_BYTES } from './archive-format.js';

const tarHeader = () => {
  const header = Buffer.alloc(512);
  header.write('file.txt', 0);
  header.write('ustar\u000000', 257, 'latin1');
  return header;
};

describe(detectArchiveFormat.name, () => {
  it('knows gzip (tar.gz), zip and tar by their magic bytes', () => {
    expect(detectArchiveFormat(gzipSync(Buffer.from('x')))).toBe('tar.gz');
    expect(detectArchiveFormat(Buffer.from('PK\u0003\u0004rest', 'latin1'))).toBe('zip');
    expect(detectArchiveFormat(Buffer.from('PK\u0005\u0006', 'latin1'))).toBe('zip');
    expect(detectArchiveFormat(tarHeader().subarray(0, SNIFF_BYTES))).toBe('tar');
  });

  it('knows nothing else', () => {
    expect(detectArchiveFormat(Buffer.from('#!/bin/sh\necho hi\n'))).toBeUndefined();
    expect(detectArchiveFormat(Buffer.alloc(0))).toBeUndefined();
    expect(detectArchiveFormat(tarHeader().subarray(0, 100))).toBeUndefined();
  });
});
