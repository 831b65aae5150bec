/**
 * hono's escaping template, typed for synchronous use: every interpolation is escaped
 * (& < > " ') unless it is markup built here with `html` or `raw`. Text that came from a
 * department (names, file names, labels, reasons) is only ever interpolated, never `raw`.
 */
import { html as honoHtml, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

export type Html = HtmlEscapedString;

/** Never given a Promise here, so it never returns one. */
export const html = honoHtml as (strings: TemplateStringsArray, ...values: unknown[]) => Html;

export { raw };

/** A query string from parameters (empty and undefined ones left out), for links built here. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') search.set(k, String(v));
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** The agency-year page of the desk. */
export const agencyHref = (agency: string, year: number): string => `/agency/${year}/${encodeURIComponent(agency)}`;

/** 1234567 → "1,234,567"; money in yuan shown as yuan. */
export const formatNumber = (n: number): string => n.toLocaleString('en-US', { maximumFractionDigits: 2 });

/** "2026-02-03T09:12:00+08:00" → "2026-02-03 09:12". */
export const formatTime = (iso: string): string => iso.replace('T', ' ').replace(/:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/, '');
