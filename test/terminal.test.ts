/**
 * Department text on the operator's terminal: a cell's escape sequences and carriage
 * returns are shown escaped by the table renderer, never sent raw (review, import).
 */
import path from 'node:path';
import { escapeTerminal, renderTable } from '../src/store/formats';
import { toFinding } from '../src/reconcile';
import { Store } from '../src/store';
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

describe('nianbao review on findings that carry control characters', () => {
  const root = tempDir('nianbao-terminal-');
  afterAll(() => removeDir(root));

  test('stdout holds no control character but newlines; the escapes are visible', async () => {
    const out = path.join(root, 'out');
    // A rejected file whose name, agency and reason carry escape sequences, recorded in a real store.
    const store = Store.open(out);
    const file = 'a\u001b[8m.xlsx';
    const finding = toFinding(
      { rule: 'PARSE.unreadable', fields: [], sheet: '年报\u001b]0;owned\u0007', cells: ['B2'], expected: null, actual: null, params: { cause: 'damaged', reason: '总计\r\u001b[2K已通过' } },
      { agency: '某局\u009b31m', year: 2021, file },
    );
    store.beginRun('20240101T000000Z-1', 'run', new Date().toISOString());
    store.record('20240101T000000Z-1', { kind: 'file', path: path.join(root, file), size: 1 }, {
      file, sha256: '0'.repeat(64), mtimeMs: 0, agency: '某局\u009b31m', agencyAsWritten: '某局\u009b31m', year: 2021, status: 'rejected',
      rule: 'PARSE.unreadable', cause: 'damaged', mapping: null, edition: null, importedAt: new Date().toISOString(), report: null, findings: [finding],
    }, 'test');
    store.close();
    const result = await runCli(['review', '--out', out]);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(result.stdout).toContain('总计\\r\\x1b[2K已通过');
    expect(result.stdout).toContain('某局\\x9b31m');
  });
});
