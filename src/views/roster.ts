/**
 * The roster for a year: every agency agencies.yaml expects a report from, and every agency
 * the store has a submission of, each with its status (DESIGN: Findings, decisions and the
 * roster). `status`, the desk's overview and the exports' 未提交名单 all read this.
 */
import { canonicalAgency, defaultDeadline, resolveAgencyName, type Agencies, type AgencyResolution, type NamedAgency } from '../model/agencies';
import { isOpen, type StatedFinding } from '../model/finding';
import type { StoreView } from '../store/api';
import type { SubmissionRecord } from '../store/types';

export type RosterStatus = 'not-submitted' | 'overdue' | 'rejected' | 'errors' | 'to-review' | 'passed';

export const ROSTER_STATUSES: readonly RosterStatus[] = ['overdue', 'not-submitted', 'rejected', 'errors', 'to-review', 'passed'];

export const STATUS_LABEL: Record<RosterStatus, string> = {
  'not-submitted': '未提交',
  overdue: '逾期未提交',
  rejected: '已退回',
  errors: '有错误',
  'to-review': '待复核',
  passed: '已通过',
};

export interface RosterEntry {
  agency: string;
  aliases: string[];
  /** The regions (agencies.yaml entries with members) this agency belongs to. */
  regions: string[];
  /** Whether agencies.yaml lists it (false: known only from a submission). */
  onRoster: boolean;
  year: number;
  /** The report's due date, YYYY-MM-DD (in the year after the report's). */
  deadline: string;
  status: RosterStatus;
  /** The newest submission for the agency-year, if any. */
  latest: SubmissionRecord | null;
  /** Why the newest submission was rejected (已退回). */
  reason: string | null;
  /** Open and lapsed findings in force, by severity. */
  openErrors: number;
  openWarnings: number;
  lapsed: number;
}

/** The due date of an agency's report for `year`: its MM-DD (defaultDeadline) in year + 1. */
export const deadlineOf = (deadline: string, year: number): string => `${year + 1}-${deadline}`;

/**
 * The roster's statuses for `year`, in agencies.yaml order, then the agencies known only from
 * the store in code-point order. `today` is YYYY-MM-DD in the district's time zone: a report
 * is overdue from the day after its deadline.
 */
export function rosterFor(store: StoreView, agencies: Agencies, year: number, today: string): RosterEntry[] {
  const canonical = canonicalResolver(agencies);
  const submissions = new Map<string, SubmissionRecord[]>();
  for (const s of store.submissions({ year })) {
    if (s.agency === null) continue;
    const agency = canonical(s.agency);
    const list = submissions.get(agency);
    if (list) list.push(s);
    else submissions.set(agency, [s]);
  }
  const findings = new Map<string, StatedFinding[]>();
  for (const f of store.findings({ year })) {
    if (f.agency === null) continue;
    const agency = canonical(f.agency);
    const list = findings.get(agency);
    if (list) list.push(f);
    else findings.set(agency, [f]);
  }
  const regions = new Map<string, string[]>();
  for (const region of agencies.agencies) {
    for (const member of region.members ?? []) {
      const name = canonical(member);
      regions.set(name, [...(regions.get(name) ?? []), region.name]);
    }
  }

  const listed = agencies.agencies.map((a) => ({ agency: a.name, aliases: a.aliases, deadline: defaultDeadline(a), onRoster: true }));
  const known = new Set(listed.map((a) => a.agency));
  const others = [...submissions.keys()].filter((a) => !known.has(a)).sort().map((agency) => ({ agency, aliases: [] as string[], deadline: defaultDeadline({}), onRoster: false }));

  return [...listed, ...others].map((a) =>
    entryOf({ ...a, regions: [...new Set(regions.get(a.agency) ?? [])] }, year, submissions.get(a.agency) ?? [], findings.get(a.agency) ?? [], today));
}

/**
 * canonicalAgency remembered by name: the roster resolves every submission's and finding's
 * name, mostly the same few thousand, so each is normalised once.
 */
export function canonicalResolver(agencies: Agencies): (name: string) => string {
  const cache = new Map<string, string>();
  return (name) => {
    let found = cache.get(name);
    if (found === undefined) cache.set(name, (found = canonicalAgency(agencies, name)));
    return found;
  };
}

/** One agency's entry for `year`, from its submissions (newest first) and its findings in force. */
export function entryOf(
  a: { agency: string; aliases: string[]; regions: string[]; deadline: string; onRoster: boolean },
  year: number,
  subs: readonly SubmissionRecord[],
  findings: readonly StatedFinding[],
  today: string,
): RosterEntry {
  const latest = subs[0] ?? null;
  const inForce = findings.filter(isOpen);
  const openErrors = inForce.filter((f) => f.severity === 'error').length;
  const openWarnings = inForce.filter((f) => f.severity === 'warning').length;
  const lapsed = inForce.filter((f) => f.state === 'lapsed').length;
  const deadline = deadlineOf(a.deadline, year);
  const status: RosterStatus = !latest
    ? today > deadline ? 'overdue' : 'not-submitted'
    : latest.status === 'rejected' ? 'rejected'
      : openErrors > 0 ? 'errors'
        : openWarnings > 0 || lapsed > 0 ? 'to-review'
          : 'passed';
  return { agency: a.agency, aliases: a.aliases, regions: a.regions, onRoster: a.onRoster, year, deadline, status, latest, reason: latest?.status === 'rejected' ? latest.reason : null, openErrors, openWarnings, lapsed };
}

/** The entry of one agency (any of its names) for `year`, reading only its own submissions and findings. */
export function rosterEntry(store: StoreView, agencies: Agencies, name: string, year: number, today: string): RosterEntry {
  const agency = canonicalAgency(agencies, name);
  const listed = agencies.agencies.find((a) => a.name === agency);
  const regions = agencies.agencies.filter((a) => (a.members ?? []).some((m) => canonicalAgency(agencies, m) === agency)).map((a) => a.name);
  return entryOf(
    { agency, aliases: listed?.aliases ?? [], regions, deadline: defaultDeadline(listed ?? {}), onRoster: listed !== undefined },
    year,
    store.submissions({ year, agency }),
    store.findings({ year, agency }),
    today,
  );
}

/**
 * Every agency a typed name may mean: agencies.yaml's, then those known only from the store's
 * submissions, with the names their reports were written under.
 */
export function knownAgencies(store: StoreView, agencies: Agencies): NamedAgency[] {
  const listed: NamedAgency[] = agencies.agencies.map((a) => ({ name: a.name, aliases: a.aliases }));
  const onRoster = new Set(listed.map((a) => a.name));
  const others = new Map<string, Set<string>>();
  for (const s of store.submissions()) {
    if (s.agency === null) continue;
    const name = canonicalAgency(agencies, s.agency);
    if (onRoster.has(name)) continue;
    const written = others.get(name) ?? new Set<string>();
    if (s.agencyAsWritten && s.agencyAsWritten !== name) written.add(s.agencyAsWritten);
    others.set(name, written);
  }
  return [...listed, ...[...others].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, written]) => ({ name, aliases: [...written] }))];
}

/** The most candidates an ambiguous name lists. */
const LISTED = 10;

/** Why a typed name names no one agency, in Chinese for the operator, with the names to type instead. */
export function unresolvedMessage(typed: string, resolution: Exclude<AgencyResolution, { kind: 'found' }>, what = '机关'): string {
  if (resolution.kind === 'ambiguous') {
    const { candidates } = resolution;
    const more = candidates.length > LISTED ? `等 ${candidates.length} 个` : '';
    return `“${typed}”可指 ${candidates.length} 个${what}：${candidates.slice(0, LISTED).join('、')}${more}；请写得更完整。`;
  }
  const closest = resolution.closest.length ? `最接近的名称：${resolution.closest.join('、')}。` : '没有相近的名称。';
  return `没有名为“${typed}”的${what}。${closest}`;
}

/** An agency as an operator typed it (any name, or a unique part of one), with agencies.yaml and the store's agencies. */
export const resolveTyped = (store: StoreView, agencies: Agencies, typed: string): AgencyResolution => resolveAgencyName(knownAgencies(store, agencies), typed);

/** Today's date in the district (Asia/Shanghai), YYYY-MM-DD, for deadlines. */
export function todayInDistrict(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
