/**
 * The desk in a real browser: Debian's Chromium driven by playwright-core (executablePath,
 * never a browser download), over a store made by really running the pipeline, and
 * `nianbao serve` as a child process. Skipped where /usr/bin/chromium is missing, except
 * under CI (.ci/run installs it), where it must run.
 *
 * NIANBAO_SCREENSHOTS=1 also writes docs/desk-overview.png and docs/desk-agency.png.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { SEED } from '../scripts/layouts';
import { ROOT, removeDir, runCli, spawnCli, tempDir, withStore, workbookBytes, type CliProcess } from './helpers/cli';

const CHROMIUM = '/usr/bin/chromium';
const available = fs.existsSync(CHROMIUM);
if (!available && process.env.CI) throw new Error(`${CHROMIUM} is missing under CI: .ci/run installs it with apt-get`);
const describeBrowser = available ? describe : describe.skip;

const YEAR = 2026;
const HEALTH = '枣庄市市中区卫生健康局';
const ABSENT = '枣庄市市中区无文件局';
const XSS_TITLE = `<script>window.__xss=1</script>"><img src=x onerror=window.__xss=2>局${YEAR}年政府信息公开工作年度报告`;
const XSS_LABEL = '"><img src=x onerror=window.__xss=3>其他主动公开文件';

/** 一 + 二 = 三(七) + 四 fails in 自然人 and 总计 (received - 2): T3.balance. */
function health(received: number) {
  return {
    title: `${HEALTH}${YEAR}年政府信息公开工作年度报告`,
    edition: '2021' as const,
    values: {
      'applications.received.naturalPerson': received,
      'applications.received.total': received,
      'applications.results.granted.naturalPerson': 2,
      'applications.results.granted.total': 2,
      'applications.results.total.naturalPerson': 2,
      'applications.results.total.total': 2,
    },
  };
}

describeBrowser('the desk in Chromium', () => {
  const dir = tempDir('nianbao-desk-');
  const inbox = path.join(dir, 'inbox');
  const out = path.join(dir, 'out');
  const mappings = path.join(dir, 'mappings');
  let server: CliProcess;
  let base = '';
  let browser: Browser;
  let page: Page;
  const dialogs: string[] = [];

  const healthFile = path.join(inbox, `${HEALTH}${YEAR}.xlsx`);
  const healthPage = () => `${base}/agency/${YEAR}/${encodeURIComponent(HEALTH)}`;
  const run = async (...args: string[]) => {
    const r = await runCli(['run', '--inbox', inbox, '--out', out, '--mappings', mappings, ...args]);
    expect(r.code).toBe(0);
  };
  const startServer = async () => {
    server = spawnCli(['serve', '--out', out, '--mappings', mappings, '--inbox', inbox, '--port', '0']);
    for (let i = 0; i < 200 && !/http:\/\/\S+\//.test(server.stdout); i++) await new Promise((r) => setTimeout(r, 50));
    base = /(http:\/\/\S+)\//.exec(server.stdout)?.[1] ?? '';
    if (!base) throw new Error(`serve did not start: ${server.stderr}`);
  };
  const stateOf = async (key: string) => (await page.locator(`#f-${key} [data-role=state]`).textContent())?.trim();

  beforeAll(async () => {
    fs.cpSync(path.join(ROOT, 'mappings'), mappings, { recursive: true });
    fs.appendFileSync(path.join(mappings, 'agencies.yaml'), `\n  - name: ${ABSENT}\n    aliases: [市中区无文件局]\n`);
    fs.mkdirSync(inbox, { recursive: true });
    fs.writeFileSync(healthFile, workbookBytes(health(3)));
    fs.writeFileSync(path.join(inbox, 'xss.xlsx'), workbookBytes({ ...SEED, edition: '2021', values: {}, title: XSS_TITLE, layout: { labelColumns: 3, sheets: 'one', extraRows: { [XSS_LABEL]: [1, 2, 3] } } }));
    await run();
    await startServer();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    server?.child.kill('SIGTERM');
    await server?.done;
    removeDir(dir);
  });

  test('the overview lists a roster agency with no file as 未提交', async () => {
    await page.goto(`${base}/?year=${YEAR}`);
    const row = page.locator(`tr[data-agency="${ABSENT}"]`);
    await expect(row.getAttribute('data-status')).resolves.toBe('not-submitted');
    expect(await row.locator('.badge').textContent()).toBe('未提交');
    expect(await page.locator(`tr[data-agency="${HEALTH}"]`).getAttribute('data-status')).toBe('errors');
    if (process.env.NIANBAO_SCREENSHOTS) await page.screenshot({ path: path.join(ROOT, 'docs', 'desk-overview.png'), fullPage: true });
  });

  test('the page of a report that breaks T3.balance marks its cells', async () => {
    await page.goto(healthPage());
    for (const row of ['received', 'carriedIn', 'results.total', 'carriedForward']) {
      expect(await page.locator(`td[data-field="applications.${row}.naturalPerson"]`).getAttribute('class')).toContain('c-err');
    }
    const title = await page.locator('td[data-field="applications.received.naturalPerson"]').getAttribute('title');
    expect(title).toContain('四、结转下年度继续办理');
    expect(await page.locator('.finding[data-state=open]').count()).toBeGreaterThan(0);
    if (process.env.NIANBAO_SCREENSHOTS) await page.screenshot({ path: path.join(ROOT, 'docs', 'desk-agency.png'), fullPage: true });
  });

  test('a decision made by clicking persists, survives run --force and an unchanged run, and lapses on other values', async () => {
    await page.goto(healthPage());
    const card = page.locator('.finding', { hasText: 'T3.balance' }).first();
    const key = (await card.getAttribute('data-key'))!;
    await card.locator('textarea[name=reason]').fill('与受理台账核对无误：一件申请已撤回');
    await card.locator('input[name=by]').fill('王五');
    await card.getByRole('button', { name: '核实无误' }).click();
    await page.waitForLoadState('load');
    if (!/done=explained/.test(page.url())) throw new Error(`after the click: ${page.url()}: ${await page.locator('body').textContent()}`);
    expect(await stateOf(key)).toBe('核实无误');
    expect(await page.locator('td[data-field="applications.received.naturalPerson"]').getAttribute('class')).toMatch(/c-ok|c-err/);
    expect(fs.readFileSync(path.join(out, 'decisions.jsonl'), 'utf8')).toContain(key);

    await run('--force');
    await page.goto(healthPage());
    expect(await stateOf(key)).toBe('核实无误');
    await run();
    await page.goto(healthPage());
    expect(await stateOf(key)).toBe('核实无误');

    fs.writeFileSync(healthFile, workbookBytes(health(5)));
    await run();
    await page.goto(healthPage());
    expect(await stateOf(key)).toBe('复核失效');
    expect(await page.locator(`#f-${key} .decision`).first().textContent()).toContain('与受理台账核对无误');
  });

  test('an XSS payload in a title and a label shows as text and no script runs', async () => {
    await page.goto(`${base}/?year=${YEAR}`);
    const link = page.locator('table.roster a', { hasText: 'window.__xss=1' }).first();
    expect(await link.textContent()).toContain('<script>');
    await link.click();
    await page.waitForLoadState('load');
    const body = (await page.locator('main').textContent()) ?? '';
    expect(body).toContain('<script>window.__xss=1</script>');
    expect(body).toContain('<img src=x onerror=window.__xss=3>');
    expect(await page.locator('main img').count()).toBe(0);
    expect(await page.locator('main script').count()).toBe(0);
    expect(await page.evaluate('window.__xss')).toBeUndefined();
    expect(dialogs).toEqual([]);
  });

  test('a wrong Host or a missing form token is refused', async () => {
    const { port } = new URL(base);
    const request = (method: string, headers: Record<string, string>, body?: string) =>
      new Promise<number>((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port, path: method === 'POST' ? '/decide' : '/', method, headers }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end(body);
      });
    expect(await request('GET', { host: `evil.example:${port}` })).toBe(403);
    expect(await request('GET', { host: `127.0.0.1:${port}` })).toBe(200);
    expect(await request('POST', { host: `127.0.0.1:${port}`, 'content-type': 'application/x-www-form-urlencoded' }, 'key=0123456789abcdef&decision=explained&reason=x&by=y')).toBe(403);
  });

  test('the re-import button imports the current file again through import\'s pipeline, and says how it went', async () => {
    const before = withStore(out, (store) => store.runs().filter((r) => r.command === 'import').length);
    await page.goto(healthPage());
    await page.getByRole('button', { name: '重新导入' }).first().click();
    await page.waitForLoadState('load');
    expect(page.url()).toMatch(/imported=(clean|discrepancies)/);
    const imports = withStore(out, (store) => store.runs().filter((r) => r.command === 'import'));
    expect(imports).toHaveLength(before + 1);
    expect(fs.existsSync(path.join(out, 'runs', imports[0].id, 'summary.json'))).toBe(true);
  });
});
