/**
 * The roster for a year: every agency agencies.yaml expects a report from, and every agency
 * the store has a submission of, each with its status (DESIGN: Findings, decisions and the
 * roster). `status`, the desk's overview and the exports' 未提交名单 all read this.
 */
import { canonicalAgency, type Agencies } from '../model/agencies';
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

export const DEFAULT_DEADLINE = '01-31';

/** The due date of an agency's report for `year`: MM-DD of agencies.yaml (default 01-31) in year + 1. */
export const deadlineOf = (deadline: string | undefined, year: number): string => `${year + 1}-${deadline ?? DEFAULT_DEADLINE}`;

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

  const listed = agencies.agencies.map((a) => ({ agency: a.name, aliases: a.aliases, deadline: a.deadline, onRoster: true }));
  const known = new Set(listed.map((a) => a.agency));
  const others = [...submissions.keys()].filter((a) => !known.has(a)).sort().map((agency) => ({ agency, aliases: [] as string[], deadline: undefined, onRoster: false }));

  return [...listed, ...others].map((a) =>
    entryOf({ ...a, regions: [...new Set(regions.get(a.agency) ?? [])] }, year, submissions.get(a.agency) ?? [], findings.get(a.agency) ?? [], today));
}

/**
 * canonicalAgency as one lookup: a roster of thousands of agencies resolves each submission's
 * name in a Map instead of scanning agencies.yaml (same normalisation; the first entry naming it wins, as there).
 */
export function canonicalResolver(agencies: Agencies): (name: string) => string {
  const key = (name: string) => name.normalize('NFKC').replace(/\s+/g, '');
  const index = new Map<string, string>();
  for (const a of agencies.agencies) for (const n of [a.name, ...a.aliases]) if (!index.has(key(n))) index.set(key(n), a.name);
  const cache = new Map<string, string>();
  return (name) => {
    let found = cache.get(name);
    if (found === undefined) cache.set(name, (found = index.get(key(name)) ?? name.trim()));
    return found;
  };
}

/** One agency's entry for `year`, from its submissions (newest first) and its findings in force. */
export function entryOf(
  a: { agency: string; aliases: string[]; regions: string[]; deadline: string | undefined; onRoster: boolean },
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
    { agency, aliases: listed?.aliases ?? [], regions, deadline: listed?.deadline, onRoster: listed !== undefined },
    year,
    store.submissions({ year, agency }),
    store.findings({ year, agency }),
    today,
  );
}

/** Today's date in the district (Asia/Shanghai), YYYY-MM-DD, for deadlines. */
export function todayInDistrict(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
