/**
 * The operator's desk: a hono app whose pages are queries on the store (StoreView). Reading
 * and deciding work without JavaScript; `serve` binds it to a socket, tests call app.request().
 */
import crypto from 'node:crypto';
import { Hono, type Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { BlankEnv } from 'hono/types';
import type { Agencies } from '../../model/agencies';
import { WriteFaultError } from '../../pipeline/write-fault';
import { STATE_LABEL, type DecisionKind } from '../../model/finding';
import { OriginalLostError, UnknownFindingError, type StoreView } from '../../store/api';
import type { SubmissionRecord } from '../../store/types';
import { feedbackAgencyYears, feedbackFor } from '../feedback';
import { feedbackZip } from '../feedback/zip';
import { canonicalResolver, rosterEntry, rosterFor, todayInDistrict } from '../roster';
import { agencyPage } from './agency';
import { districtTotals, TOTALS_PATHS } from './figures';
import { agencyHref, query, type Html } from './html';
import { messagePage } from './layout';
import { isRosterStatus, nonSubmittersCsv, overviewPage } from './overview';
import { hostCheck, postCheck, securityHeaders, thisMachine, tokenCheck, type Guard, type Machine } from './security';
import { DESK_CSS } from './style';

export interface ReimportResult {
  status: 'clean' | 'discrepancies' | 'rejected';
  agency: string | null;
  year: number | null;
}

export interface DeskOptions {
  store: StoreView;
  agencies: Agencies;
  /** The bound host and port, and what else the Host header may name (security.ts: hostAllowed), and the access token, if any. */
  host: string;
  port?: () => number;
  publicHosts?: readonly string[];
  machine?: () => Machine;
  token?: string;
  /** The per-process form token (random when not given). */
  formToken?: string;
  /** Re-imports a submission's file through `import`'s code path and lock; absent: no button. */
  reimport?: (submission: SubmissionRecord) => Promise<ReimportResult>;
  /** Today in the district, YYYY-MM-DD (deadlines). */
  today?: () => string;
}

export const OPERATOR_COOKIE = 'nianbao_by';
const DECISIONS: readonly DecisionKind[] = ['explained', 'false-positive', 'reopen'];
const DONE_LABEL: Record<DecisionKind, string> = { explained: STATE_LABEL.explained, 'false-positive': STATE_LABEL['false-positive'], reopen: '重新打开' };
const IMPORT_LABEL: Record<ReimportResult['status'], string> = { clean: '无错误', discrepancies: '有错误', rejected: '已退回' };

/** A path back into the desk from a form: an agency page only, never another site. */
const safeBack = (back: unknown): string => (typeof back === 'string' && /^\/agency\/\d{4}\/[^?#\s]+$/.test(back) ? back : '/');

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * A download's Content-Disposition: an ASCII name any client takes, then the real one as an
 * RFC 5987 ext-value, where ' ( ) * are not attr-chars (encodeURIComponent leaves them, and a
 * browser given them falls back to the ASCII name).
 */
const attachment = (ascii: string, name: string): string =>
  `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;

/** A write the disk refused, as the desk says it (the CLI's line is WriteFaultError's message). */
const writeFaultChinese = (e: WriteFaultError): string =>
  `无法写入 ${e.target}${e.file ? `（导入 ${e.file} 时）` : ''}：磁盘已满或写入受限（${e.code}）。已导入的内容均未丢失；腾出磁盘空间后再试，未写入的结果届时补上。`;

const field = (form: Record<string, unknown>, name: string): string => {
  const value = form[name];
  return typeof value === 'string' ? value.trim() : '';
};

export function createDesk(options: DeskOptions): Hono {
  const { store, agencies } = options;
  const guard: Guard = {
    host: options.host,
    publicHosts: options.publicHosts ?? [],
    machine: options.machine ?? thisMachine,
    port: options.port ?? (() => 0),
    token: options.token,
    formToken: options.formToken ?? crypto.randomBytes(32).toString('hex'),
  };
  const today = options.today ?? (() => todayInDistrict());
  const canonical = canonicalResolver(agencies);
  const app = new Hono();

  /**
   * The district's totals read every current report (10,000 at the scale the desk is built
   * for): computed once per finished run or import, the only writers of reports (a decision
   * changes no figure), and kept until the next one finishes.
   */
  let totals: { mark: string; value: ReturnType<typeof districtTotals> } | null = null;
  const districtTotalsNow = () => {
    const run = store.latestRun();
    const mark = run ? `${run.id}|${run.finishedAt ?? ''}` : '';
    if (!totals || totals.mark !== mark) totals = { mark, value: districtTotals(store.currentParts(TOTALS_PATHS), agencies) };
    return totals.value;
  };

  app.use('*', securityHeaders(), hostCheck(guard), tokenCheck(guard), postCheck(guard));

  const send = (c: Context, body: Html, status: 200 | 400 | 404 | 409 | 410 | 500 = 200) => c.html(body.toString(), status);
  /** A page whose reads see one snapshot of the store: a run committing meanwhile shows on the next page, never half on this one. */
  const page = <P extends string>(route: P, draw: (c: Context<BlankEnv, P>) => Response) => app.get(route, (c) => store.snapshot(() => draw(c)));
  const latestYear = (): number => store.years().at(-1) ?? Number(today().slice(0, 4)) - 1;
  const yearParam = (value: string | undefined): number => (value && /^\d{4}$/.test(value) ? Number(value) : latestYear());

  app.get('/desk.css', (c) => {
    c.header('Cache-Control', 'max-age=3600');
    return c.body(DESK_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8' });
  });

  app.get('/login', (c) => c.redirect('/', 303));

  page('/', (c) => {
    const year = yearParam(c.req.query('year'));
    const status = c.req.query('status');
    const regions = agencies.agencies.filter((a) => (a.members ?? []).length > 0).map((a) => a.name);
    const region = c.req.query('region');
    return send(c, overviewPage({
      year,
      years: store.years(),
      entries: rosterFor(store, agencies, year, today()),
      filter: { status: isRosterStatus(status) ? status : undefined, region: region && regions.includes(region) ? region : undefined, q: c.req.query('q')?.slice(0, 100) || undefined },
      regions,
      totals: districtTotalsNow(),
      today: today(),
    }));
  });

  page('/non-submitters.csv', (c) => {
    const year = yearParam(c.req.query('year'));
    const region = c.req.query('region');
    const entries = rosterFor(store, agencies, year, today()).filter((e) => !region || e.regions.includes(region));
    return c.body(nonSubmittersCsv(entries), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': attachment(`non-submitters-${year}.csv`, `${year}年未提交名单.csv`),
    });
  });

  page('/agency/:year/:agency', (c) => {
    const year = Number(c.req.param('year'));
    const agency = canonical(c.req.param('agency'));
    if (!/^\d{4}$/.test(c.req.param('year'))) return send(c, messagePage('找不到页面', '年度不正确。', '/', true), 404);
    const entry = rosterEntry(store, agencies, agency, year, today());
    const years = store.currentReports({ agency });
    if (!entry.onRoster && !entry.latest && years.length === 0) return send(c, messagePage('找不到机关', `名册和已收报告中都没有“${agency}”。`, '/', true), 404);
    const findings = store.findings({ agency, year });
    const done = c.req.query('done');
    const imported = c.req.query('imported');
    const notice = done && (DECISIONS as readonly string[]).includes(done) ? `已记录：${DONE_LABEL[done as DecisionKind]}` :
      imported && Object.hasOwn(IMPORT_LABEL, imported) ? `已重新导入：${IMPORT_LABEL[imported as ReimportResult['status']]}` : null;
    return send(c, agencyPage({
      entry,
      year,
      report: store.currentReport(agency, year),
      findings,
      history: new Map(findings.filter((f) => f.decision).map((f) => [f.key, store.decisions(f.key)])),
      cleared: store.clearedFindings(agency, year),
      submissions: store.submissions({ agency, year }),
      years: years.sort((a, b) => a.year - b.year),
      formToken: guard.formToken,
      operator: getCookie(c, OPERATOR_COOKIE) ?? '',
      notice,
      canReimport: options.reimport !== undefined,
    }));
  });

  app.get('/original/:id', (c) => {
    const id = c.req.param('id');
    const submission = /^\d{1,12}$/.test(id) ? store.submission(Number(id)) : null;
    let bytes: Buffer | null;
    try {
      bytes = submission ? store.original(submission.sha256) : null;
    } catch (e) {
      if (!(e instanceof OriginalLostError)) throw e;
      return send(c, messagePage('原件已损坏', `该提交的原始文件（${e.file}）已损坏，收件箱中也已没有该文件，无法恢复：请向报送单位索取。`, '/', true), 410);
    }
    if (!submission || !bytes) return send(c, messagePage('找不到原件', '该提交的原始文件未保存。', '/', true), 404);
    const name = submission.file.split(/[\\/]/).pop() || `${submission.sha256}.${submission.extension}`;
    return c.body(new Uint8Array(bytes), 200, {
      'Content-Type': 'application/octet-stream',
      'Content-Disposition': attachment(`${submission.sha256.slice(0, 16)}.${submission.extension.replace(/[^a-z0-9]/gi, '')}`, name),
    });
  });

  // The department's workbook with its open findings marked, made on the first download and
  // given again until its findings or their states change (views/feedback).
  app.get('/feedback/:year/:agency', async (c) => {
    if (!/^\d{4}$/.test(c.req.param('year'))) return send(c, messagePage('找不到页面', '年度不正确。', '/', true), 404);
    const year = Number(c.req.param('year'));
    const agency = canonical(c.req.param('agency'));
    const feedback = await feedbackFor(store, agency, year, today());
    if (!feedback) return send(c, messagePage('没有反馈表', `${agency} ${year} 年没有待处理的问题，无需反馈。`, agencyHref(agency, year), true), 404);
    return c.body(new Uint8Array(feedback.bytes), 200, { 'Content-Type': XLSX_TYPE, 'Content-Disposition': attachment(`feedback-${year}.xlsx`, `${agency}${year}年反馈表.xlsx`) });
  });

  app.get('/feedback.zip', (c) => {
    const year = yearParam(c.req.query('year'));
    return c.body(feedbackZip(store, feedbackAgencyYears(store, { year }), today()), 200, {
      'Content-Type': 'application/zip',
      'Content-Disposition': attachment(`feedback-${year}.zip`, `${year}年反馈表.zip`),
    });
  });

  app.post('/decide', async (c) => {
    const form = await c.req.parseBody();
    const back = safeBack(form.back);
    const key = field(form, 'key');
    const decision = field(form, 'decision') as DecisionKind;
    const reason = field(form, 'reason');
    const by = field(form, 'by');
    if (!/^[0-9a-f]{16}$/.test(key) || !DECISIONS.includes(decision)) return send(c, messagePage('无法记录', '表单内容不正确。', back, true), 400);
    if (!reason || !by) return send(c, messagePage('无法记录', '理由和复核人都必须填写。', back, true), 400);
    if (reason.length > 2000 || by.length > 100) return send(c, messagePage('无法记录', '理由不超过 2000 字，复核人不超过 100 字。', back, true), 400);
    try {
      store.decide({ key, decision, reason, by });
    } catch (e) {
      if (e instanceof UnknownFindingError) return send(c, messagePage('无法记录', `没有键为 ${key} 的现行问题（可能已被重新导入消除）。`, back, true), 404);
      throw e;
    }
    setCookie(c, OPERATOR_COOKIE, by, { httpOnly: true, sameSite: 'Strict', path: '/', maxAge: 60 * 60 * 24 * 365 });
    return c.redirect(`${back}${query({ done: decision })}#f-${key}`, 303);
  });

  app.post('/reimport', async (c) => {
    const form = await c.req.parseBody();
    const id = field(form, 'id');
    const submission = /^\d{1,12}$/.test(id) ? store.submission(Number(id)) : null;
    if (!options.reimport) return send(c, messagePage('无法重新导入', '本站未启用重新导入。', '/', true), 400);
    if (!submission || !submission.current) return send(c, messagePage('无法重新导入', '只能重新导入当前采用的文件。', '/', true), 400);
    try {
      const result = await options.reimport(submission);
      const agency = result.agency ?? submission.agency;
      const year = result.year ?? submission.year;
      return c.redirect(agency && year ? `${agencyHref(agency, year)}${query({ imported: result.status })}` : '/', 303);
    } catch (e) {
      const busy = (e as { code?: string }).code === 'LOCK_BUSY' || (e as Error).name === 'LockBusyError';
      const back = submission.agency && submission.year ? agencyHref(submission.agency, submission.year) : '/';
      return send(c, messagePage('无法重新导入', busy ? '另一个命令正在使用输出目录，请稍后再试。' : `重新导入失败：${e instanceof WriteFaultError ? writeFaultChinese(e) : (e as Error).message}`, back, true), busy ? 409 : 500);
    }
  });

  app.notFound((c) => send(c, messagePage('找不到页面', '没有这个页面。', '/', true), 404));
  app.onError((e, c) => {
    process.stderr.write(`desk: ${c.req.method} ${c.req.path}: ${e.stack ?? e.message}\n`);
    return send(c, messagePage('出错了', '服务器处理请求时出错，详情见日志。', '/', true), 500);
  });
  return app;
}
