/**
 * The desk over an in-memory StoreView, through app.request() (no socket): its pages, its
 * decisions and its guards. The browser tests (desk-browser.test.ts) run the same app over
 * a real store made by the pipeline.
 */
import { createDesk } from '../src/views/desk/app';
import { CSP, FORM_FIELD } from '../src/views/desk/security';
import type { Agencies } from '../src/model/agencies';
import { finding, MemoryStore, report } from './helpers/memory-store';

const HOST = '127.0.0.1:8080';
const FORM = 'f'.repeat(64);
const XSS_NAME = '<script>alert(1)</script>局';
const XSS_REASON = '"><img src=x onerror=alert(2)>';

const agencies: Agencies = {
  agencies: [
    { name: '区人民政府', aliases: ['区政府'], members: ['甲局', '乙局'] },
    { name: '甲局', aliases: ['甲'] },
    { name: '乙局', aliases: [] },
    { name: '丙局', aliases: [], deadline: '06-30' },
  ],
};

const BALANCE = ['applications.received.naturalPerson', 'applications.carriedIn.naturalPerson', 'applications.results.total.naturalPerson', 'applications.carriedForward.naturalPerson'];

function setup(options: { token?: string } = {}) {
  const store = new MemoryStore();
  store.submit(report('甲局', 2021, { 'applications.carriedForward.naturalPerson': 2, 'applications.received.total': 5 }));
  const balance = finding('甲局', 2022, 'T3.balance', BALANCE, 3, 2, { params: { edition: '2021', column: 'naturalPerson', received: 3, carriedIn: 0, resultsTotal: 2, carriedForward: 0 } });
  const jia = store.submit(report('甲局', 2022, { 'applications.received.naturalPerson': 3, 'applications.results.total.naturalPerson': 2 }), [balance], Buffer.from('PK original bytes'));
  store.submit({ agency: XSS_NAME, year: 2022, file: `${XSS_NAME}.xlsx`, rejected: XSS_REASON });
  const app = createDesk({ store, agencies, host: '127.0.0.1', port: () => 8080, formToken: FORM, token: options.token, today: () => '2023-03-01' });
  const get = (path: string, headers: Record<string, string> = {}) => app.request(`http://${HOST}${path}`, { headers: { host: HOST, ...headers } });
  const post = (path: string, form: Record<string, string>, headers: Record<string, string> = {}) =>
    app.request(`http://${HOST}${path}`, { method: 'POST', body: new URLSearchParams(form).toString(), headers: { host: HOST, 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin', origin: `http://${HOST}`, ...headers } });
  return { store, app, get, post, balance, jia };
}

const rowOf = (body: string, agency: string): string => {
  const start = body.indexOf(`<tr data-agency="${agency}"`);
  return start < 0 ? '' : body.slice(start, body.indexOf('</tr>', start));
};

describe('overview', () => {
  test('lists every roster agency with its status, the counts, and a CSP without inline scripts', async () => {
    const { get } = setup();
    const res = await get('/?year=2022');
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(rowOf(body, '乙局')).toContain('data-status="overdue"');
    expect(rowOf(body, '丙局')).toContain('data-status="not-submitted"');
    expect(rowOf(body, '丙局')).toContain('未提交');
    expect(rowOf(body, '甲局')).toContain('data-status="errors"');
    expect(body).toContain('<svg class="chart"');
    expect(res.headers.get('content-security-policy')).toBe(CSP);
    expect(CSP).not.toMatch(/unsafe-inline|script-src/);
    expect(body).not.toMatch(/<script/i);
  });

  test('filters by status and region, and searches by alias', async () => {
    const { get } = setup();
    const overdue = await (await get('/?year=2022&status=overdue')).text();
    expect(rowOf(overdue, '乙局')).not.toBe('');
    expect(rowOf(overdue, '丙局')).toBe('');
    const alias = await (await get(`/?year=2022&q=${encodeURIComponent('甲')}`)).text();
    expect(rowOf(alias, '甲局')).not.toBe('');
    expect(rowOf(alias, '乙局')).toBe('');
    const region = await (await get(`/?year=2022&region=${encodeURIComponent('区人民政府')}`)).text();
    expect(rowOf(region, '乙局')).not.toBe('');
    expect(rowOf(region, '丙局')).toBe('');
  });

  test('the search resolves a name as --agency does: a unique part finds one agency, several list them, none says so with the closest names', async () => {
    const { get } = setup();
    const search = async (q: string) => (await get(`/?year=2022&q=${encodeURIComponent(q)}`)).text();
    const part = await search('人民');
    expect(rowOf(part, '区人民政府')).not.toBe('');
    expect(rowOf(part, '甲局')).toBe('');
    const several = await search('局');
    for (const agency of ['甲局', '乙局', '丙局']) expect(rowOf(several, agency)).not.toBe('');
    expect(rowOf(several, '区人民政府')).toBe('');
    const none = await search('区人民政府办公室');
    expect(none).toContain('没有名为“区人民政府办公室”的机关。最接近的名称：区人民政府。');
    expect(none).toContain('没有符合条件的机关。');
  });

  test('the non-submitters download as CSV', async () => {
    const { get } = setup();
    const res = await get('/non-submitters.csv?year=2022');
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = bytes.toString('utf8');
    expect(csv).toContain('乙局');
    expect(csv).toContain('丙局');
    expect(csv).not.toContain('甲局,');
  });
});

describe('agency page', () => {
  test('marks the cells of an open error and lists the finding with its message', async () => {
    const { get, balance } = setup();
    const body = await (await get(`/agency/2022/${encodeURIComponent('甲局')}`)).text();
    for (const field of BALANCE) expect(body).toMatch(new RegExp(`<td class="num c-err" data-field="${field.replace(/\./g, '\\.')}"`));
    expect(body).toContain(`id="f-${balance.key}"`);
    expect(body).toContain('T3.balance');
    expect(body).toContain('三、收到和处理政府信息公开申请 自然人 列');
    expect(body).toContain('id="carry-over"');
    expect(body).toContain('下载原件');
  });

  test('an alias reaches the same page; an unknown agency is 404', async () => {
    const { get } = setup();
    expect((await get(`/agency/2022/${encodeURIComponent('甲')}`)).status).toBe(200);
    expect((await get(`/agency/2022/${encodeURIComponent('无此局')}`)).status).toBe(404);
  });

  test('originals download by submission id', async () => {
    const { get, jia } = setup();
    const res = await get(`/original/${jia.id}`);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).toString()).toBe('PK original bytes');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment/);
    expect((await get('/original/999')).status).toBe(404);
    expect((await get('/original/..%2F..%2Fetc%2Fpasswd')).status).toBe(404);
  });
});

describe('decisions', () => {
  test('a decision needs a reason and a name; then the finding is decided and its cells marked so', async () => {
    const { post, get, balance, store } = setup();
    const back = `/agency/2022/${encodeURIComponent('甲局')}`;
    const form = { [FORM_FIELD]: FORM, key: balance.key, decision: 'explained', back };
    expect((await post('/decide', { ...form, reason: '', by: '张三' })).status).toBe(400);
    expect((await post('/decide', { ...form, reason: '已核对台账', by: '' })).status).toBe(400);
    const res = await post('/decide', { ...form, reason: '已核对台账', by: '张三' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${back}?done=explained#f-${balance.key}`);
    expect(store.findings({ agency: '甲局' })[0].state).toBe('explained');
    const body = await (await get(res.headers.get('location')!.replace(/#.*/, ''), { cookie: 'nianbao_by=%E5%BC%A0%E4%B8%89' })).text();
    expect(body).toMatch(/<td class="num c-ok" data-field="applications\.received\.naturalPerson"/);
    expect(body).toContain('已记录');
    expect(rowOf(await (await get('/?year=2022')).text(), '甲局')).toContain('data-status="passed"');
  });

  test('an unknown key is 404; a redirect never leaves the desk', async () => {
    const { post, balance } = setup();
    expect((await post('/decide', { [FORM_FIELD]: FORM, key: '0123456789abcdef', decision: 'explained', reason: 'x', by: 'y' })).status).toBe(404);
    const res = await post('/decide', { [FORM_FIELD]: FORM, key: balance.key, decision: 'false-positive', reason: 'x', by: 'y', back: 'https://evil.example/' });
    expect(res.headers.get('location')).toBe(`/?done=false-positive#f-${balance.key}`);
  });
});

describe('guards', () => {
  test('a wrong Host is refused (DNS rebinding); loopback names are accepted', async () => {
    const { app } = setup();
    const res = await app.request('http://evil.example:8080/', { headers: { host: 'evil.example:8080' } });
    expect(res.status).toBe(403);
    expect((await app.request('http://localhost:8080/', { headers: { host: 'localhost:8080' } })).status).toBe(200);
    expect((await app.request('http://127.0.0.1:9999/', { headers: { host: '127.0.0.1:9999' } })).status).toBe(403);
  });

  test('a POST without the form token, with a wrong one, or from another site is refused', async () => {
    const { post, balance, store } = setup();
    const form = { key: balance.key, decision: 'explained', reason: 'r', by: 'b' };
    expect((await post('/decide', form)).status).toBe(403);
    expect((await post('/decide', { ...form, [FORM_FIELD]: 'e'.repeat(64) })).status).toBe(403);
    expect((await post('/decide', { ...form, [FORM_FIELD]: FORM }, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await post('/decide', { ...form, [FORM_FIELD]: FORM }, { origin: 'http://evil.example' })).status).toBe(403);
    expect(store.decisions(balance.key)).toEqual([]);
  });

  test('with a token, every request needs it; the login link sets it as a cookie', async () => {
    const { get } = setup({ token: 'sesame-0123456789' });
    expect((await get('/')).status).toBe(401);
    expect((await get('/desk.css')).status).toBe(401);
    expect((await get('/login?token=wrong')).status).toBe(401);
    const login = await get('/login?token=sesame-0123456789');
    expect(login.status).toBe(303);
    const cookie = login.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/nianbao_token=sesame-0123456789;.*HttpOnly/);
    expect((await get('/', { cookie: cookie.split(';')[0] })).status).toBe(200);
    expect((await get('/', { authorization: 'Bearer sesame-0123456789' })).status).toBe(200);
  });

  test('text from a department is escaped: names, file names, reasons', async () => {
    const { get } = setup();
    const overview = await (await get('/?year=2022')).text();
    expect(overview).not.toContain('<script>alert(1)');
    expect(overview).not.toContain('<img src=x');
    expect(overview).toContain('&lt;script&gt;alert(1)&lt;/script&gt;局');
    const page = await (await get(`/agency/2022/${encodeURIComponent(XSS_NAME)}`)).text();
    expect(page).not.toMatch(/<script|<img/i);
    expect(page).toContain('&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
  });
});
