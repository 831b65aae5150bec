/** The desk's one stylesheet, served as /desk.css (the CSP allows styles from the site only, none inline). */
export const DESK_CSS = `
:root { --err: #c62828; --err-bg: #fde7e7; --warn: #b26a00; --warn-bg: #fff4d6; --ok: #2e7d32; --ok-bg: #e6f4e7; --line: #d0d4da; --muted: #5f6b7a; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", "WenQuanYi Micro Hei", sans-serif; color: #1d2430; background: #f6f7f9; }
header.top { background: #1f3a5f; color: #fff; padding: 10px 24px; display: flex; gap: 24px; align-items: baseline; }
header.top a { color: #fff; text-decoration: none; font-weight: 600; }
header.top .sub { color: #c9d6e8; font-size: 13px; }
main { padding: 16px 24px 48px; max-width: 1400px; }
h1 { font-size: 20px; margin: 8px 0 12px; }
h2 { font-size: 16px; margin: 24px 0 8px; border-left: 4px solid #1f3a5f; padding-left: 8px; }
h3 { font-size: 14px; margin: 16px 0 6px; }
a { color: #1f5fa8; }
.muted { color: var(--muted); }
.panel { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 12px 16px; margin: 12px 0; }
.row { display: flex; gap: 16px; flex-wrap: wrap; align-items: flex-start; }
.row > .panel { flex: 1 1 380px; }
table.grid { border-collapse: collapse; background: #fff; width: 100%; }
table.grid th, table.grid td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
table.grid th { background: #eef1f5; font-weight: 600; }
table.grid td.num, table.grid th.num { text-align: right; font-variant-numeric: tabular-nums; }
table.report td.num { min-width: 64px; }
table.report td.label { white-space: normal; min-width: 220px; }
td.c-err { background: var(--err-bg); outline: 2px solid var(--err); outline-offset: -2px; }
td.c-warn { background: var(--warn-bg); outline: 2px dashed var(--warn); outline-offset: -2px; }
td.c-ok { background: var(--ok-bg); outline: 1px dotted var(--ok); outline-offset: -2px; }
td.c-null { color: var(--err); }
td .mark { font-size: 11px; margin-left: 4px; text-decoration: none; }
.legend span { display: inline-block; padding: 0 8px; margin-right: 8px; border-radius: 3px; }
.legend .c-err { background: var(--err-bg); border: 2px solid var(--err); }
.legend .c-warn { background: var(--warn-bg); border: 2px dashed var(--warn); }
.legend .c-ok { background: var(--ok-bg); border: 1px dotted var(--ok); }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; white-space: nowrap; border: 1px solid transparent; }
.s-overdue { background: #7b1fa2; color: #fff; }
.s-not-submitted { background: #eceff1; color: #37474f; border-color: #b0bec5; }
.s-rejected { background: #6d4c41; color: #fff; }
.s-errors { background: var(--err); color: #fff; }
.s-to-review { background: #f9a825; color: #222; }
.s-passed { background: var(--ok); color: #fff; }
.st-open { color: var(--err); font-weight: 600; }
.st-lapsed { color: #ad1457; font-weight: 600; }
.st-explained, .st-false-positive { color: var(--ok); }
.st-cleared { color: var(--muted); text-decoration: line-through; }
.sev-error { color: var(--err); font-weight: 600; }
.sev-warning { color: var(--warn); font-weight: 600; }
.counts { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0; }
.counts a { text-decoration: none; border: 1px solid var(--line); border-radius: 6px; padding: 6px 12px; background: #fff; color: inherit; }
.counts a.on { border-color: #1f3a5f; box-shadow: 0 0 0 2px #1f3a5f inset; }
.counts b { font-size: 18px; margin-left: 6px; }
form.filters { display: flex; gap: 8px; flex-wrap: wrap; align-items: center; }
form.filters input[type=search] { min-width: 240px; }
input, select, textarea, button { font: inherit; }
button, a.button { cursor: pointer; border: 1px solid #1f3a5f; background: #1f3a5f; color: #fff; border-radius: 4px; padding: 3px 12px; text-decoration: none; }
button.secondary { background: #fff; color: #1f3a5f; }
form.decide { display: grid; grid-template-columns: 1fr 140px; gap: 4px 8px; margin-top: 6px; }
form.decide textarea { grid-column: 1 / 3; min-height: 40px; }
form.decide .buttons { grid-column: 1 / 3; display: flex; gap: 8px; }
.finding { border: 1px solid var(--line); border-left: 4px solid var(--line); background: #fff; border-radius: 4px; padding: 8px 12px; margin: 8px 0; }
.finding.f-error.open, .finding.f-error.lapsed { border-left-color: var(--err); }
.finding.f-warning.open, .finding.f-warning.lapsed { border-left-color: var(--warn); }
.finding.decided { border-left-color: var(--ok); }
.finding .facts { display: grid; grid-template-columns: repeat(6, auto); gap: 2px 16px; font-size: 13px; justify-content: start; }
.finding .facts dt { color: var(--muted); }
.finding .facts dd { margin: 0; }
.finding .msg { margin: 4px 0; }
.finding .comparison { margin: 6px 0; }
.decision { font-size: 13px; background: #f3f6f9; padding: 4px 8px; border-radius: 4px; margin: 4px 0; }
.notice { padding: 8px 12px; border-radius: 4px; background: #e8f1fb; border: 1px solid #9cc0e8; }
.notice.bad { background: var(--err-bg); border-color: var(--err); }
svg.chart { background: #fff; max-width: 100%; height: auto; }
svg.chart text { font-size: 11px; fill: #37474f; }
svg.chart .axis { stroke: #90a4ae; stroke-width: 1; }
svg.chart .grid { stroke: #eceff1; stroke-width: 1; }
svg.chart .line { fill: none; stroke-width: 2; }
footer { color: var(--muted); font-size: 12px; padding: 12px 24px; }
`;
