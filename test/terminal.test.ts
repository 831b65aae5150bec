/**
 * Department text on the operator's terminal: a cell's escape sequences and carriage
 * returns are shown escaped by the table renderer, never sent raw (review, import).
 */
import fs from 'node:fs';
import path from 'node:path';
import { escapeTerminal, renderTable } from '../src/store/formats';
import { removeDir, runCli, tempDir } from './helpers/cli';

describe('escapeTerminal', () => {
  test('control characters are shown escaped; Chinese and plain text are kept', () => {
    expect(escapeTerminal('\u001b[2J总计\r应为\n5\t\u0007\u007f\u009b')).toBe('\\x1b[2J总计\\r应为\\n5\\t\\x07\\x7f\\x9b');
    expect(escapeTerminal('\u202e反转')).toBe('\\u202e反转');
    expect(escapeTerminal('枣庄市市中区财政局 (2021)')).toBe('枣庄市市中区财政局 (2021)');
  });

  test('the terminal table escapes every cell and pads by what is shown', () => {
    const table = renderTable(['机关', '说明'], [['某局\u001b[31m', '总计\r伪造的一行']]);
    expect(table).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    expect(table).toContain('某局\\x1b[31m  总计\\r伪造的一行');
  });
});

describe('nianbao review on a run whose findings carry control characters', () => {
  const root = tempDir('nianbao-terminal-');
  afterAll(() => removeDir(root));

  test('stdout holds no control character but newlines; the escapes are visible', async () => {
    const out = path.join(root, 'out');
    const runId = '20240101T000000Z-1';
    fs.mkdirSync(path.join(out, 'runs', runId), { recursive: true });
    const finding = {
      rule: 'T3.row-total', severity: 'error', sheet: '年报\u001b]0;owned\u0007', cells: ['B2'], expected: 1, actual: 2, difference: 1,
      message: '总计\r\u001b[2K已通过', file: 'a\u001b[8m.xlsx', agency: '某局\u009b31m', year: 2021,
    };
    fs.writeFileSync(path.join(out, 'runs', runId, 'discrepancies.jsonl'), JSON.stringify(finding) + '\n');
    fs.writeFileSync(path.join(out, 'runs', 'latest.json'), JSON.stringify({ runId }));
    const result = await runCli(['review', '--out', out]);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(result.stdout).toContain('总计\\r\\x1b[2K已通过');
    expect(result.stdout).toContain('某局\\x9b31m');
  });
});
