/**
 * The rule catalogue as data: every rule id of the design with its severity and its Chinese
 * title, scope and statement. The log, the CSV, the review table and the help text read this
 * list; messages.ts has one message template per entry.
 */
import type { Severity } from '../model/finding';

export interface RuleInfo {
  id: string;
  severity: Severity;
  /** Short Chinese title, for tables and summaries. */
  title: string;
  /** Where the rule applies, in Chinese: '三 每一行'. */
  scope: string;
  /** What the rule requires, in Chinese, as in the design. */
  statement: string;
}

const info = (id: string, severity: Severity, title: string, scope: string, statement: string): RuleInfo =>
  ({ id, severity, title, scope, statement });

export const CATALOGUE: readonly RuleInfo[] = [
  // File rules (src/reconcile/rules).
  info('T0.edition-superseded', 'warning', '模板版本过期', '整份报告',
    '2021 年及以后的报告使用了 2019 版模板（国办公开办函〔2019〕60号），应使用 2021 版（国办公开办函〔2021〕30号）'),
  info('T2.items-nonnegative', 'error', '项目数量为负', '2019 版 二 第二十条第(五)(六)(八)项',
    '上一年项目数量 + 本年增/减 ≥ 0'),
  info('T2.published-within-total', 'error', '新公开数量超过公开总数', '2019 版 二 第二十条第(一)项',
    '本年新公开数量 ≤ 对外公开总数量'),
  info('T2.items-look-like-cases', 'warning', '项目数量疑为案件数', '2019 版 二 第二十条第(五)(六)项',
    '上一年项目数量 + 本年增/减 = 处理决定数量，且数量较大：项目数量可能误填为案件数'),
  info('T2.in-force-vs-issued', 'warning', '制发件数多于现行有效与废止之和', '2021 版 二 第二十条第(一)项',
    '本年制发件数 ≤ 现行有效件数 + 本年废止件数'),
  info('T3.row-total', 'error', '行总计不符', '三 每一行',
    '总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他'),
  info('T3.results-total', 'error', '办理结果总计不符', '三 每一列',
    '(七)总计 = (一)至(六)各行及其子行之和'),
  info('T3.balance', 'error', '申请数量勾稽不平', '三 每一列',
    '一、本年新收 + 二、上年结转 = 三、本年度办理结果(七)总计 + 四、结转下年度继续办理'),
  info('T4.group-total', 'error', '复议诉讼总计不符', '四 每一组',
    '总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结'),
  info('T4.litigation-vs-reconsideration', 'warning', '复议后起诉多于行政复议', '四',
    '行政诉讼 复议后起诉 总计 ≤ 行政复议 总计（复议可能在以前年度办结，故只作提示）'),
  // Cross-file rules (run against the cleaned store).
  info('X.carry-over', 'error', '上年结转与上年报告不符', '同一机关 相邻年度',
    '本年 二、上年结转政府信息公开申请数量 = 上年 四、结转下年度继续办理，逐列'),
  info('X.items-chain', 'warning', '项目数量与上年不衔接', '同一机关 相邻年度（2019 版）',
    '本年 上一年项目数量 = 上年 上一年项目数量 + 上年 本年增/减'),
  info('X.in-force-chain', 'warning', '现行有效件数与上年不衔接', '同一机关 相邻年度（2021 版）',
    '现行有效件数 = 上年 现行有效件数 + 本年制发件数 - 本年废止件数（修订可能造成差异）'),
  info('X.rollup', 'error', '区域汇总不符', '区域及其下属单位',
    '区域的数字 = 各下属单位的数字之和，逐项'),
  info('X.rollup-incomplete', 'warning', '下属单位报告不全', '区域及其下属单位',
    '区域报告已有而部分下属单位缺少同年报告时，不核对合计（以免误报），列出缺少的单位'),
  info('X.duplicate', 'warning', '重复提交', '同一机关同一年度',
    '有多份报告：采用最新的一份，其余保留并列出'),
  // Figures against the agency's own history and its peers (mappings/anomaly.yaml).
  info('ANOMALY.unit', 'warning', '金额疑似单位错误', '金额 对比本单位往年（无往年时对比同年同类单位）',
    '金额约为合理数额的 1 万倍或万分之一：疑为“元”与“万元”填错，给出改正后的金额'),
  info('ANOMALY.jump', 'warning', '数字较往年变化过大', '同一机关 往年',
    '较本单位往年变化一个数量级以上（10 倍或十分之一），且变化量超过下限（小数字不提示）'),
  info('ANOMALY.peer', 'warning', '数字远超同类单位', '同一年度 各单位',
    '远高于同年各单位的中位数（按稳健离散度衡量），且本单位往年数字不能说明'),
  // Cell values (normalize).
  info('VALUE.unparseable', 'error', '无法识别的数值', '单元格',
    '数值单元格的内容应为数字（“—”“-”“/”“无”视为 0）'),
  info('VALUE.negative', 'error', '计数为负', '单元格', '计数不能为负数'),
  info('VALUE.non-integer', 'error', '计数非整数', '单元格', '件数、项数应为整数'),
  info('VALUE.unknown-unit', 'error', '无法识别的金额单位', '单元格', '金额的单位应为元或万元'),
  info('VALUE.formula-uncached', 'error', '公式没有计算结果', '单元格',
    '公式单元格应带有缓存的计算结果（在 Excel 或 WPS 中重新计算并保存），不按 0 处理'),
  info('VALUE.total-blank', 'warning', '总计为空', '单元格',
    '分项不全为 0 时总计不应为空；已按分项之和填入，该总计不再校验'),
  info('VALUE.annotated', 'warning', '数字带有说明', '单元格', '数字后附括号说明：取数字，说明保留'),
  info('VALUE.unit-conflict', 'warning', '表头与单位行的金额单位不一致', '单元格',
    '金额列的表头（如“(万元)”）与表格的单位行（如“单位：元”）应给出同一单位；不一致时按表头的单位读取，请核实'),
  info('VALUE.beyond-exact', 'error', '数字超出精确范围', '单元格',
    '数字不应超过 2^53（9007199254740991，超过后无法精确保存；如误填的 18 位身份证号）'),
  info('VALUE.sub-fen', 'error', '金额精确到分以下', '单元格', '金额折合为元后最多保留两位小数（分）'),
  info('VALUE.date-formatted', 'warning', '计数单元格设为日期格式', '单元格',
    '计数单元格设成了日期格式、显示为日期（如 1900/1/1）而实为较小的整数时，取该整数；真正的日期仍为错误'),
  // Files (read, locate, extract).
  info('PARSE.unreadable', 'error', '文件无法读取', '文件', '文件应为可读取的 xlsx、xls、et、ods 或 csv'),
  info('PARSE.encrypted', 'error', '文件已加密', '文件', '文件不应设置打开密码'),
  info('PARSE.too-large', 'error', '文件过大', '文件', '文件大小不应超过上限'),
  info('PARSE.timeout', 'error', '读取超时', '文件', '文件应在时限内读取完毕'),
  info('PARSE.no-mapping', 'error', '没有匹配的版式', '文件',
    '应有一个版式映射与表格的标签相符（给出最接近的映射及其缺少的标签）'),
  info('PARSE.table-missing', 'error', '缺少表格', '文件', '模板的每一张表都应能找到'),
  info('PARSE.row-missing', 'error', '缺少行', '表格', '模板的每一行都应能找到'),
  info('PARSE.column-missing', 'error', '缺少列', '表格', '模板的每一列都应能找到'),
  info('PARSE.identity', 'error', '机关或年度不明', '文件',
    '应能从标题、工作表名、文件名或 --agency/--year 确定机关名称和年度'),
  // nianbao itself.
  info('INTERNAL.error', 'error', '程序内部错误', '文件',
    'nianbao 自身出错，不是报送单位的问题：文件不隔离、不记为已处理，下次运行重试'),
  info('PARSE.extra-row', 'warning', '模板之外的行', '表格', '模板之外的行保留在 extra 中，不丢弃'),
  info('PARSE.several-reports', 'error', '多份报告无法分清', '文件',
    '一个工作簿中每张（或每组）工作表各是一份完整报告时分别导入；分不清哪些工作表属于哪份报告，或两张工作表是同一机关同一年度的报告时，整个文件退回'),
  info('PARSE.hidden-sheet', 'warning', '表格在隐藏的工作表中', '文件',
    '报告从可见的工作表读取；只有可见的工作表中没有表格时才读取隐藏的工作表，并提示其名称'),
];

const BY_ID = new Map(CATALOGUE.map((entry) => [entry.id, entry]));

/** The catalogue entry of a rule id; an unknown id is a programming error. */
export function ruleInfo(id: string): RuleInfo {
  const entry = BY_ID.get(id);
  if (!entry) throw new Error(`unknown rule id: ${id}`);
  return entry;
}

/**
 * The rule ids a `--rule` pattern names: an id (`T3.balance`), or a family by its prefix with
 * or without `.*` (`ANOMALY.*`, `ANOMALY`, `X.*`). None when nothing in the catalogue matches.
 */
export function matchRules(pattern: string): string[] {
  const family = pattern.replace(/\.\*$/, '');
  return CATALOGUE.map((entry) => entry.id).filter((id) => id === pattern || id.startsWith(`${family}.`));
}
