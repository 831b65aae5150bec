/**
 * Names as operators type them (issue 23): every --agency and compile's --region resolve
 * through the roster (agencies.yaml and the agencies in the store), by the built CLI over the
 * samples; a name meaning nothing or several agencies exits 1 with the names to type. The
 * roster's default deadlines: a region's 03-31, a department's 01-31.
 */
import fs from 'node:fs';
import path from 'node:path';
import { BUNDLED_MAPPINGS } from '../src/read/mappings';
import { removeDir, runCli, tempDir } from './helpers/cli';

const SAMPLES = path.resolve(__dirname, '..', 'samples', 'inbox');
const HEALTH = '枣庄市市中区卫生健康局';

describe('names as operators type them', () => {
  const root = tempDir('nianbao-names-');
  const out = path.join(root, 'out');
  beforeAll(async () => {
    expect((await runCli(['run', '--inbox', SAMPLES, '--out', out])).code).toBe(0);
  });
  afterAll(() => removeDir(root));

  it('review --agency 卫生健康局 shows 枣庄市市中区卫生健康局 and its findings, not "no problems"', async () => {
    const result = await runCli(['review', '--out', out, '--agency', '卫生健康局']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`${HEALTH}：2022 年度对照`);
    expect(result.stdout).toContain('T3.balance');
    expect(result.stdout).not.toContain('没有发现问题');
    const json = JSON.parse((await runCli(['review', '--out', out, '--json', '--agency', '卫生健康局'])).stdout) as Array<{ agency: string }>;
    expect(json.length).toBeGreaterThan(0);
    expect(new Set(json.map((f) => f.agency))).toEqual(new Set([HEALTH]));
  });

  it('a name meaning no agency exits 1 and lists the closest names', async () => {
    const result = await runCli(['review', '--out', out, '--agency', '卫生局']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('没有名为“卫生局”的机关');
    expect(result.stderr).toContain(`最接近的名称：${HEALTH}`);
    expect(result.stderr).not.toContain('没有发现问题');
  });

  it('a part of several agencies\' names exits 1 and lists them', async () => {
    const result = await runCli(['review', '--out', out, '--agency', '街道办事处']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/“街道办事处”可指 \d+ 个机关/);
    for (const name of ['枣庄市市中区矿区街道办事处', '枣庄市市中区光明路街道办事处']) expect(result.stderr).toContain(name);
  });

  it('feedback --agency resolves the same way, and refuses an unknown name before writing anything', async () => {
    const written = await runCli(['feedback', '--out', out, '--agency', '卫生健康局']);
    expect(written.code).toBe(0);
    expect(written.stdout).toContain(path.join('feedback', '2022', `${HEALTH}.xlsx`));
    const unknown = await runCli(['feedback', '--out', out, '--agency', '卫健']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain(`最接近的名称：${HEALTH}`);
    expect(unknown.stdout).toBe('');
  });

  it('an alias resolves in part too: 卫健局 where agencies.yaml gives 市中区卫健局', async () => {
    const mappings = path.join(root, 'mappings');
    fs.cpSync(BUNDLED_MAPPINGS, mappings, { recursive: true });
    fs.appendFileSync(path.join(mappings, 'agencies.yaml'), `\n  - name: ${HEALTH}\n    aliases: [市中区卫健局]\n`);
    const result = await runCli(['review', '--out', out, '--json', '--agency', '卫健局', '--mappings', mappings]);
    expect(result.code).toBe(0);
    expect(new Set((JSON.parse(result.stdout) as Array<{ agency: string }>).map((f) => f.agency))).toEqual(new Set([HEALTH]));
  });

  it('compile --region takes a region\'s unique part, and refuses an agency that is no region, listing the regions', async () => {
    const compiled = await runCli(['compile', '--region', '市中区人民政府', '--year', '2022', '--out', out]);
    expect(compiled.code).toBe(0);
    expect(compiled.stdout).toContain('compiled 枣庄市市中区人民政府 2022');
    const refused = await runCli(['compile', '--region', '财政局', '--year', '2022', '--out', out]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('没有名为“财政局”的区域');
    expect(refused.stderr).toContain('区域：枣庄市市中区人民政府');
  });

  it('a region (an agency with members) is due 03-31 of the next year, a department 01-31', async () => {
    const result = await runCli(['status', '--out', out, '--year', '2022', '--json']);
    expect(result.code).toBe(0);
    const deadlines = new Map((JSON.parse(result.stdout) as Array<{ agency: string; deadline: string }>).map((e) => [e.agency, e.deadline]));
    expect(deadlines.get('枣庄市市中区人民政府')).toBe('2023-03-31');
    expect(deadlines.get('枣庄市市中区财政局')).toBe('2023-01-31');
    expect(deadlines.get(HEALTH)).toBe('2023-01-31');
  });
});
