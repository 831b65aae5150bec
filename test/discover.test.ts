import { decodeName, problemOf } from '../src/discover';
import iconv from 'iconv-lite';

describe('decodeName', () => {
  test('UTF-8 as it is, GBK bytes as GB18030, other bytes escaped', () => {
    expect(decodeName(Buffer.from('财政局.xlsx'))).toEqual({ text: '财政局.xlsx' });
    expect(decodeName(iconv.encode('财政局.xlsx', 'gbk'))).toEqual({ text: '财政局.xlsx', encoding: 'gb18030' });
    expect(decodeName(Buffer.from([0x61, 0xff, 0x2e, 0x63]))).toEqual({ text: 'a\\xff.c', encoding: 'bytes' });
  });
});

describe('problemOf', () => {
  const errno = (code: string) => Object.assign(new Error(code), { code });
  test('read errors name the file\'s state; write errors the disk; anything else is internal', () => {
    expect(problemOf(errno('ENOENT')).rule).toBe('INBOX.vanished');
    expect(problemOf(errno('EACCES')).rule).toBe('INBOX.unreadable');
    expect(problemOf(errno('ENOSPC'), 'write')).toMatchObject({ rule: 'WRITE.failed', detail: 'ENOSPC' });
    expect(problemOf(errno('ENOENT'), 'write').rule).toBe('WRITE.failed');
    expect(problemOf(new TypeError('x is undefined'), 'write')).toMatchObject({ rule: 'INTERNAL.error', detail: 'x is undefined' });
  });
});
