"""A self-contained HTML review report (``--format html --output report.html``).

One file with inline CSS and JavaScript and no network access, so it opens from
``file://`` and can be mailed or archived. It shows:

- a summary: findings by category, severity and rule, the files with the most
  findings, and the run's settings (ketalint and rule pack versions, the facts'
  ``as_of`` date, the config file);
- each document's copy as text, every span finding highlighted in its
  category's colour with a visible label (the rule id), so colour is never the
  only cue; document-level findings in a banner above the copy; a sentence
  that states an approved claim (see :mod:`ketalint.claims.library`) is
  labelled "approved: ID";
- selecting a highlight (click, or Enter on a focused one) shows the rule,
  message, rationale, suggestion and sources; ``n``/``j`` and ``p``/``k`` move to
  the next and previous finding; filters by category and severity;
- suppressed findings listed apart with their reasons;
- a print style that gives a clean PDF from the browser: since a printed page
  cannot be clicked, each document is followed there by the list of its
  in-text findings, each with its rule, line, flagged text, message and
  suggestion.
"""
from __future__ import annotations

import html
import json
from collections import Counter

from .. import __version__
from ..rule_help import rule_help

CATEGORIES = ("fda-status", "unsupported-claim", "risk-disclosure", "citation", "suppression", "claims-library")
SEVERITIES = ("error", "warning", "info")

STYLE = """
:root{--fda-status:#c62828;--unsupported-claim:#e65100;--risk-disclosure:#6a1b9a;--citation:#1565c0;
--suppression:#546e7a;--claims-library:#2e7d32;font-family:system-ui,-apple-system,"Segoe UI",sans-serif;color:#1b1b1b}
body{margin:0;display:grid;grid-template-columns:minmax(0,1fr) 24rem;min-height:100vh}
header,main{grid-column:1;padding:0 1.5rem}
aside#detail{grid-column:2;grid-row:1/span 2;position:sticky;top:0;height:100vh;overflow:auto;
border-left:1px solid #ccc;padding:1rem;box-sizing:border-box;background:#fafafa}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin:0 0 .5rem}
table{border-collapse:collapse;margin:.25rem 1.5rem .75rem 0;display:inline-table;vertical-align:top}
td,th{border:1px solid #ddd;padding:.15rem .5rem;text-align:left;font-size:.9rem}
.settings{font-size:.85rem;color:#444}
#filters{position:sticky;top:0;background:#fff;padding:.5rem 0;border-bottom:1px solid #ddd;z-index:2}
#filters fieldset{display:inline-block;border:1px solid #ddd;margin-right:.5rem}
.doc{border:1px solid #ddd;border-radius:6px;margin:1rem 0;padding:1rem;content-visibility:auto;
contain-intrinsic-size:auto 30rem}
.copy{white-space:pre-wrap;line-height:1.7;font-family:Georgia,serif;font-size:1rem;overflow-wrap:anywhere}
.approved{font-size:.75em;border:1px solid var(--claims-library);color:var(--claims-library);border-radius:3px;padding:0 .25em;margin-right:.2em}
.banner{border-left:4px solid #999;background:#f5f5f5;padding:.25rem .75rem;margin-bottom:.75rem}
.seg{border-bottom:3px solid var(--c);background:color-mix(in srgb,var(--c) 14%,transparent)}
.seg.off{border-bottom:none;background:none}
.hl,.doc-finding{font:600 .72rem/1.2 system-ui,sans-serif;border:1.5px solid var(--c);color:var(--c);
background:#fff;border-radius:3px;padding:0 .25rem;margin:0 .15rem;cursor:pointer;vertical-align:1px}
.doc-finding{display:block;margin:.25rem 0;padding:.25rem .5rem;font-size:.85rem;text-align:left;width:100%}
.sev-warning{border-style:dashed}.sev-info{border-style:dotted}
.selected{outline:3px solid #111;outline-offset:1px}
[hidden]{display:none!important}
.c-fda-status{--c:var(--fda-status)}.c-unsupported-claim{--c:var(--unsupported-claim)}
.c-risk-disclosure{--c:var(--risk-disclosure)}.c-citation{--c:var(--citation)}.c-suppression{--c:var(--suppression)}
.c-claims-library{--c:var(--claims-library)}
.swatch{display:inline-block;width:.8rem;height:.8rem;background:var(--c);margin-right:.25rem;vertical-align:-1px}
#detail{overflow-wrap:anywhere}#detail dt{font-weight:600;margin-top:.5rem}#detail dd{margin:0}
.suppressed{margin-top:.75rem;font-size:.9rem}
.printed-findings{display:none;font-size:.9rem}
kbd{border:1px solid #aaa;border-radius:3px;padding:0 .2rem;font-size:.8rem}
@media print{body{display:block}aside#detail,#filters{display:none}.doc{break-before:page;
content-visibility:visible;border:none}.seg,.hl,.doc-finding,.swatch{print-color-adjust:exact;
-webkit-print-color-adjust:exact}.suppressed{display:block}.printed-findings{display:block}}
"""

SCRIPT = r"""
(function(){
const data = JSON.parse(document.getElementById('ketalint-data').textContent);
const detail = document.getElementById('detail');
const items = Array.from(document.querySelectorAll('.hl,.doc-finding'));
let current = -1;
function esc(s){return (s==null?'':String(s)).replace(/[&<>"']/g,c=>'&#'+c.charCodeAt(0)+';');}
function visible(el){return !el.hidden;}
function show(el){
  items.forEach(x=>x.classList.remove('selected'));
  el.classList.add('selected');
  current = items.indexOf(el);
  const f = data.findings[+el.dataset.i], r = data.rules[f.rule] || {};
  const refs = (r.references||[]).map(x=>'<li>'+esc(x)+'</li>').join('');
  detail.innerHTML = '<h2>'+esc(f.rule)+' '+esc(f.name)+'</h2>'
    + '<p><span class="swatch c-'+esc(f.category)+'"></span>'+esc(f.category)+' &middot; '+esc(f.severity)
    + ' &middot; '+esc(f.path)+':'+esc(f.line)+':'+esc(f.column)+'</p><dl>'
    + (f.scope==='span' ? '<dt>Flagged text</dt><dd><q>'+esc(f.text)+'</q></dd>' : '')
    + '<dt>What is wrong</dt><dd class="message">'+esc(f.message)+'</dd>'
    + '<dt>Why it matters</dt><dd>'+esc(r.rationale)+'</dd>'
    + (f.suggestion ? '<dt>Write instead</dt><dd>'+esc(f.suggestion)+'</dd>' : '')
    + '<dt>Sources</dt><dd><ul>'+refs+'</ul></dd></dl>';
  el.scrollIntoView({block:'nearest'});
  if (document.activeElement !== el) el.focus({preventScroll:true});
}
document.addEventListener('click', e=>{
  const el = e.target.closest('.hl,.doc-finding');
  if (el) { show(el); return; }
  const seg = e.target.closest('.seg:not(.off)');
  if (seg) { const hit = items.find(x=>x.dataset.i===seg.dataset.f.split(' ').find(i=>{
      const h = items.find(y=>y.dataset.i===i); return h && visible(h);})); if (hit) show(hit); }
});
function step(d){
  for (let k=1;k<=items.length;k++){
    const j = (current + d*k + items.length*k) % items.length;
    if (visible(items[j])) { show(items[j]); return; }
  }
}
document.addEventListener('keydown', e=>{
  if (e.target.matches('input')) return;
  if (e.key==='n'||e.key==='j') { step(1); e.preventDefault(); }
  else if (e.key==='p'||e.key==='k') { step(-1); e.preventDefault(); }
  else if ((e.key==='Enter'||e.key===' ') && e.target.matches('.hl,.doc-finding')) { show(e.target); e.preventDefault(); }
});
function applyFilters(){
  const on = {};
  document.querySelectorAll('#filters input').forEach(b=>{on[b.value]=b.checked;});
  items.forEach(el=>{const f=data.findings[+el.dataset.i]; el.hidden = !(on[f.category]!==false && on[f.severity]!==false);});
  document.querySelectorAll('.seg').forEach(seg=>{
    const first = seg.dataset.f.split(' ').map(i=>data.findings[+i])
      .find(f=>on[f.category]!==false && on[f.severity]!==false);
    seg.classList.toggle('off', !first);
    if (first) seg.style.setProperty('--c', 'var(--'+first.category+')');
  });
}
document.querySelectorAll('#filters input').forEach(b=>b.addEventListener('change', applyFilters));
})();
"""


#: Every text the report shows goes through this, whatever its origin (copy,
#: file names, rule packs, the results cache): quotes too, for attributes.
esc = html.escape
#: JSON inside <script> with no ``<``, ``>`` or ``&``: ``<!--<script>`` or
#: ``</script>`` in copy or a file name cannot end or change the script.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def _finding_data(f) -> dict:
    return {k: getattr(f, k) for k in ("path", "line", "column", "rule", "name", "category", "severity",
                                       "scope", "message", "suggestion", "text")}


def _copy_html(source: str, spans: list[tuple[int, int, int, str, str, str]], approved=()) -> str:
    """``source`` with each span finding's text in shaded segments and a label
    at its start, and an "approved: ID" label at the start of each approved
    sentence. ``spans``: (start, end, index, rule, category, severity);
    ``approved``: (start, end, id)."""
    approved_at: dict[int, list[str]] = {}
    for start, _, claim_id in approved:
        approved_at.setdefault(start, []).append(claim_id)
    bounds = sorted({0, len(source)} | {s for s, *_ in spans} | {e for _, e, *_ in spans} | set(approved_at))
    starts_at: dict[int, list] = {}
    for span in spans:
        starts_at.setdefault(span[0], []).append(span)
    out, active = [], []
    for a, b in zip(bounds, bounds[1:]):
        for claim_id in approved_at.get(a, []):
            out.append(f'<span class="approved">approved: {esc(claim_id)}</span>')
        for start, end, i, rule, category, severity in starts_at.get(a, []):
            label = esc(f"{rule} ({category}, {severity})")
            out.append(f'<button type="button" class="hl c-{esc(category)} sev-{esc(severity)}" data-i="{i}" '
                       f'aria-label="{label}" title="{label}">{esc(rule)}</button>')
            active.append((end, i, category))
        active = [x for x in active if x[0] > a]
        text = esc(source[a:b])
        if active:
            ids = " ".join(str(i) for _, i, _ in active)
            out.append(f'<span class="seg c-{esc(active[0][2])}" data-f="{ids}">{text}</span>')
        else:
            out.append(text)
    return "".join(out)


def render(report) -> str:
    findings = sorted(report.findings, key=lambda f: f.sort_key)
    index = {id(f): i for i, f in enumerate(findings)}
    suppressed = list(report.suppressed)
    by_path: dict[str, list] = {}
    for f in findings:
        by_path.setdefault(f.path, []).append(f)
    paths = list(report.documents) or list(by_path)
    rules = {about.id: {"rationale": about.rationale, "references": about.references}
             for about in map(rule_help, report.rules)}
    data = {"findings": [_finding_data(f) for f in findings], "rules": rules}
    meta = report.meta or {}

    out = ['<!doctype html><html lang="en"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>ketalint report: {len(findings)} findings in {len(by_path)} files</title>",
           f"<style>{STYLE}</style></head><body><header>",
           "<h1>ketalint review report</h1>",
           '<p class="settings">'
           + " &middot; ".join(esc(f"{k}: {v}") for k, v in
                               [("ketalint", __version__), *meta.items()]) + "</p>",
           '<section id="summary">']
    for title, key, order in (("Category", "category", CATEGORIES), ("Severity", "severity", SEVERITIES)):
        counts = Counter(getattr(f, key) for f in findings)
        out.append(f"<table><tr><th>{title}</th><th>Findings</th></tr>")
        for name in [n for n in order if counts[n]] + sorted(set(counts) - set(order)):
            swatch = f'<span class="swatch c-{esc(name)}"></span>' if key == "category" else ""
            out.append(f'<tr><td>{swatch}{esc(name)}</td><td class="count-{key}-{esc(name)}">{counts[name]}</td></tr>')
        out.append("</table>")
    out.append("<table><tr><th>Rule</th><th>Findings</th></tr>")
    for rule, count in sorted(Counter(f.rule for f in findings).items(), key=lambda x: (-x[1], x[0])):
        out.append(f"<tr><td>{esc(rule)}</td><td>{count}</td></tr>")
    out.append("</table><table><tr><th>Files with the most findings</th><th>Findings</th></tr>")
    for path, items in sorted(by_path.items(), key=lambda x: (-len(x[1]), x[0]))[:10]:
        out.append(f'<tr><td><a href="#doc-{paths.index(path) if path in paths else 0}">{esc(path)}</a></td>'
                   f"<td>{len(items)}</td></tr>")
    out.append(f"</table><p>{len(findings)} findings, {len(suppressed)} suppressed, in {len(paths)} files."
               "</p></section>")
    out.append('<nav id="filters" aria-label="Filters">')
    for legend, names in (("Category", CATEGORIES), ("Severity", SEVERITIES)):
        out.append(f"<fieldset><legend>{legend}</legend>")
        for name in names:
            swatch = f'<span class="swatch c-{name}"></span>' if legend == "Category" else ""
            out.append(f'<label><input type="checkbox" value="{name}" checked> {swatch}{name}</label> ')
        out.append("</fieldset>")
    out.append("<span>Keys: <kbd>n</kbd>/<kbd>j</kbd> next, <kbd>p</kbd>/<kbd>k</kbd> previous finding"
               "</span></nav></header><main>")

    suppressed_by_path: dict[str, list] = {}
    for f, d in suppressed:
        suppressed_by_path.setdefault(f.path, []).append((f, d))
    for n, path in enumerate(paths):
        items = by_path.get(path, [])
        out.append(f'<section class="doc" id="doc-{n}"><h2>{esc(path)} '
                   f'<small>({len(items)} findings)</small></h2>')
        document_level = [f for f in items if f.scope == "document"]
        if document_level:
            out.append('<div class="banner" role="note"><strong>About the whole document</strong>')
            for f in document_level:
                out.append(f'<button type="button" class="doc-finding c-{esc(f.category)} sev-{esc(f.severity)}" '
                           f'data-i="{index[id(f)]}">{esc(f.rule)} {esc(f.message)}</button>')
            out.append("</div>")
        source = report.documents.get(path)
        if source is not None:
            spans = [(f.start, f.end, index[id(f)], f.rule, f.category, f.severity)
                     for f in items if f.scope == "span"]
            out.append(f'<div class="copy">{_copy_html(source, spans, report.approved.get(path, ()))}</div>')
        in_text = [f for f in items if f.scope == "span"]
        if in_text:
            out.append('<ol class="printed-findings">')
            for f in in_text:
                suggestion = f"<br>Write instead: {esc(f.suggestion)}" if f.suggestion else ""
                out.append(f"<li><strong>{esc(f.rule)}</strong> line {f.line}: <q>{esc(f.text)}</q>: "
                           f"{esc(f.message)}{suggestion}</li>")
            out.append("</ol>")
        if suppressed_by_path.get(path):
            out.append('<details class="suppressed" open><summary>Suppressed findings</summary><ul>')
            for f, d in suppressed_by_path[path]:
                reason = esc(d.reason) if d.reason else "<em>no reason given</em>"
                out.append(f"<li>{esc(f.rule)} line {f.line}: <q>{esc(f.text)}</q>: {esc(f.message)} "
                           f"&mdash; suppressed at line {d.line}: {reason}</li>")
            out.append("</ul></details>")
        out.append("</section>")
    if report.errors:
        out.append('<section class="doc"><h2>Files not checked</h2><ul>')
        out.extend(f"<li>{esc(p)}: {esc(m)}</li>" for p, m in report.errors)
        out.append("</ul></section>")
    payload = json.dumps(data, ensure_ascii=False).translate(_SCRIPT_SAFE)
    out.append('</main><aside id="detail" aria-live="polite"><h2>Finding details</h2>'
               "<p>Select a highlighted finding to see its rule, message, rationale, suggestion and "
               "sources.</p></aside>")
    out.append(f'<script id="ketalint-data" type="application/json">{payload}</script>')
    out.append(f"<script>{SCRIPT}</script></body></html>\n")
    return "".join(out)
