import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decodeName, discover, problemOf, readChanged } from '../src/discover';
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

describe('discover', () => {
  let inbox: string;
  beforeAll(() => {
    inbox = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-discover-'));
    const at = (...parts: Array<string | Buffer>) => Buffer.concat([Buffer.from(inbox), ...parts.flatMap((p) => [Buffer.from('/'), Buffer.from(p)])]);
    fs.writeFileSync(at('财政局2023.csv'), 'utf8 name');
    // U+FFFD in a name that is valid UTF-8: the folder is listed by its bytes, the name stays as it is.
    fs.writeFileSync(at('替换\ufffd符.csv'), 'replacement character');
    fs.mkdirSync(at('审计局'));
    fs.writeFileSync(at('审计局', Buffer.from([0x61, 0xff, 0x2e, 0x63, 0x73, 0x76])), 'bytes name');
    fs.mkdirSync(at(iconv.encode('教育局', 'gbk')));
    fs.writeFileSync(at(iconv.encode('教育局', 'gbk'), '2023.csv'), 'under a GBK folder');
  });
  afterAll(() => fs.rmSync(inbox, { recursive: true, force: true }));

  test('lists every file by its name as text; a name on the way that is not UTF-8 is opened by its bytes', async () => {
    const files = discover(inbox);
    expect(files.map((f) => [f.name, f.nameEncoding ?? 'utf-8'])).toEqual([
      ['审计局/a\\xff.csv', 'bytes'],
      ['教育局/2023.csv', 'gb18030'],
      ['替换\ufffd符.csv', 'utf-8'],
      ['财政局2023.csv', 'utf-8'],
    ]);
    const contents = await Promise.all(files.map(async (f) => (await readChanged(f, 1024)).bytes?.toString()));
    expect(contents).toEqual(['bytes name', 'under a GBK folder', 'replacement character', 'utf8 name']);
    expect(files.every((f) => f.problem === undefined && f.size > 0)).toBe(true);
  });
});
