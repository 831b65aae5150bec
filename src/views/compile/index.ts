/**
 * The compiled report as a view of the store: out/compiled/<year>/<region>.xlsx and .json for a
 * region of agencies.yaml (an agency with members), from its members' current reports.
 */
import { canonicalAgency, resolveAgencyName, type Agencies } from '../../model/agencies';
import type { StoreView } from '../../store/api';
import { messageOf } from '../message';
import { rosterFor, todayInDistrict, unresolvedMessage } from '../roster';
import { compileRegion, type Compiled, type MemberInput } from './compile';
import { compiledJson, compiledWorkbook } from './workbook';

export { compileRegion, editionForYear, TABLES_SHEET, type Compiled } from './compile';
export { compiledJson, compiledWorkbook, NOTES_SHEET } from './workbook';

/** The name given means no region of agencies.yaml (an agency with members), or several. */
export class UnknownRegionError extends Error {
  readonly code = 'UNKNOWN_REGION';
  constructor(readonly region: string, detail: string, readonly regions: string[]) {
    super(`${region} is not a region of agencies.yaml: ${detail}（区域：${regions.join('、') || '无'}）`);
  }
}

export interface CompileResult {
  compiled: Compiled;
  paths: { xlsx: string; json: string };
}

/** Compiles `region` (any of its names) for `year` and publishes both documents. */
export async function writeCompiled(store: StoreView, agencies: Agencies, region: string, year: number, today = todayInDistrict()): Promise<CompileResult> {
  const regions = agencies.agencies.filter((a) => (a.members ?? []).length > 0);
  const resolution = resolveAgencyName(regions, region);
  if (resolution.kind !== 'found') throw new UnknownRegionError(region, unresolvedMessage(region, resolution, '区域'), regions.map((a) => a.name));
  const name = resolution.agency;
  const entry = regions.find((a) => a.name === name)!;
  const members = [...new Set((entry.members ?? []).map((m) => canonicalAgency(agencies, m)))].filter((m) => m !== name);
  const roster = new Map(rosterFor(store, agencies, year, today).map((e) => [e.agency, e]));
  const inputs = members.map((agency): MemberInput => {
    const e = roster.get(agency);
    return {
      agency,
      status: e?.status ?? 'not-submitted',
      report: store.currentReport(agency, year),
      reason: e?.reason ?? null,
      openErrors: e?.openErrors ?? 0,
      openWarnings: e?.openWarnings ?? 0,
    };
  });
  const compiled = compileRegion({ region: name, year, members: inputs }, messageOf);
  return {
    compiled,
    paths: {
      xlsx: store.publishDocument('compiled', year, name, 'xlsx', await compiledWorkbook(compiled, today)),
      json: store.publishDocument('compiled', year, name, 'json', compiledJson(compiled, today)),
    },
  };
}
