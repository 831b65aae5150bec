import fs from 'node:fs';
import path from 'node:path';
import { SAFE_NAME_BYTES, safeName, truncateBytes } from '../../src/store/names';
import { safeName as reexported } from '../../src/store';
import { removeDir, tempDir } from '../helpers/cli';

describe('safeName', () => {
  test('a safe, short name is kept as written', () => {
    expect(safeName('枣庄市市中区综合行政执法局')).toBe('枣庄市市中区综合行政执法局');
    expect(safeName('市中区财政局（原）')).toBe('市中区财政局（原）');
    expect(reexported).toBe(safeName);
  });

  test('names that differ only in / : _ are three files', () => {
    const names = ['财政/局', '财政:局', '财政_局'];
    const safe = names.map(safeName);
    expect(new Set(safe).size).toBe(3);
    for (const s of safe) expect(s).not.toMatch(/[/:]/);
    expect(safe[2]).toBe('财政_局');
    expect(safe[0].startsWith('财政_局~')).toBe(true);
  });

  test('names sharing their first 120 characters stay apart, each within the byte budget', () => {
    const common = '枣'.repeat(120);
    const a = safeName(`${common}甲局`);
    const b = safeName(`${common}乙局`);
    expect(a).not.toBe(b);
    for (const s of [a, b]) expect(Buffer.byteLength(s)).toBeLessThanOrEqual(SAFE_NAME_BYTES);
  });

  test('a 100-CJK-character name fits a real file name with the longest suffix the store adds', () => {
    const dir = tempDir('nianbao-names-');
    try {
      const name = '中'.repeat(50) + '国'.repeat(50);
      const safe = safeName(name);
      expect(Buffer.byteLength(safe)).toBeLessThanOrEqual(SAFE_NAME_BYTES);
      const history = `${safe}.2021-01-01T00-00-00-000Z.0123abcd.json.123456789012`;
      fs.writeFileSync(path.join(dir, history), '{}');
      fs.writeFileSync(path.join(dir, `0123abcd-${safe}.reason.json.123456789012`), '{}');
      fs.writeFileSync(path.join(dir, `.0123abcd-${safe}.copying`), '');
      expect(fs.readdirSync(dir)).toHaveLength(3);
    } finally {
      removeDir(dir);
    }
  });

  test('a readable name that looks hashed, a hidden name, an empty name and control characters are hashed too', () => {
    const lookalike = safeName('财政_局~0123456789'); // could be another name's hashed form
    expect(lookalike).not.toBe('财政_局~0123456789');
    expect(safeName('.hidden').startsWith('_hidden~')).toBe(true);
    expect(safeName('..')).toMatch(/^__~[0-9a-f]{10}$/);
    expect(safeName('')).toMatch(/^~[0-9a-f]{10}$/);
    expect(safeName('局\u001b[31m')).toMatch(/^局_\[31m~/);
  });

  test('truncation never cuts a character in two', () => {
    expect(truncateBytes('中国', 4)).toBe('中');
    expect(truncateBytes('a😀', 4)).toBe('a');
  });
});
