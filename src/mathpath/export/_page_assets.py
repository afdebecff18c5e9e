"""The plan page's stylesheet and script (``export/page.py``), inline in every page.

The script keeps the checklist's ticks in the browser's ``localStorage`` under one key per goal
(``mathpath:<goal id>``: a JSON object of ticked resource ids), so a page re-exported after a
re-plan keeps what was ticked for the resources it still has. Where storage is refused (some
browsers' private modes, some for ``file:`` pages) the boxes still tick and the page says that
they will not be kept. Every text it shows comes from the page's ``data-*`` attributes, which
were translated when the page was made.
"""

from __future__ import annotations

STYLE = """
:root { color-scheme: light dark; --fg: #1d2125; --muted: #5b636b; --bg: #fff;
  --line: #d6dbe0; --accent: #1f5fa8; --span: #c9dcf2; --study: #1f5fa8; --late: #b3261e;
  --done: #2e7d32; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6e8ea; --muted: #a4abb3; --bg: #15181b; --line: #3a4047;
    --accent: #7fb3f0; --span: #27405c; --study: #7fb3f0; --late: #f28b82; --done: #81c995; }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--fg); line-height: 1.5;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "PingFang SC",
  "Hiragino Sans GB", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; }
main { max-width: 46rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.5rem; line-height: 1.25; margin: 0.5rem 0; }
h2 { font-size: 1.2rem; margin: 2rem 0 0.75rem; padding-top: 0.5rem;
  border-top: 1px solid var(--line); }
p, li, dd, dt, a, h1, h2 { overflow-wrap: anywhere; }
a { color: var(--accent); }
.lead { color: var(--muted); margin-top: 0; }
nav ul { list-style: none; padding: 0; margin: 0.5rem 0; display: flex; flex-wrap: wrap;
  gap: 0.25rem 1rem; }
dl.summary { display: grid; grid-template-columns: minmax(6rem, max-content) 1fr;
  gap: 0.35rem 1rem; margin: 0; }
dl.summary dt { font-weight: 600; }
dl.summary dd { margin: 0; min-width: 0; }
@media (max-width: 30rem) {
  dl.summary { grid-template-columns: 1fr; gap: 0 0; }
  dl.summary dd { margin-bottom: 0.5rem; }
}
.progress { font-weight: 600; margin: 0.25rem 0 0.75rem; }
.storage-note { color: var(--late); }
ol.checklist { list-style: none; padding: 0; margin: 0; }
ol.checklist > li { display: flex; gap: 0.75rem; align-items: flex-start; padding: 0.75rem 0;
  border-bottom: 1px solid var(--line); }
ol.checklist input { width: 1.5rem; height: 1.5rem; flex: none; margin: 0.1rem 0 0;
  accent-color: var(--done); }
ol.checklist .body { min-width: 0; flex: 1; }
ol.checklist .title { font-weight: 600; }
ol.checklist .mark { font-weight: normal; color: var(--muted); }
ol.checklist .facts, ol.checklist .why { color: var(--muted); font-size: 0.92rem;
  margin: 0.15rem 0 0; }
ol.checklist li.ticked .title { text-decoration: line-through; color: var(--muted); }
.week { font-size: 0.85rem; color: var(--muted); text-transform: none; margin: 1rem 0 0; }
svg.timeline { display: block; width: 100%; overflow: visible; font-size: 14px;
  font-family: inherit; }
.tl-label { fill: var(--fg); }
.tl-axis { fill: var(--muted); font-size: 12px; }
.tl-grid { stroke: var(--line); stroke-width: 1; }
.tl-span { fill: var(--span); }
.tl-study { fill: var(--study); }
.tl-deadline { stroke: var(--late); stroke-width: 2; stroke-dasharray: 5 4; }
.tl-deadline-label { fill: var(--late); font-size: 12px; font-weight: 600; }
.legend { color: var(--muted); font-size: 0.9rem; }
.legend .key { display: inline-block; width: 1.5em; height: 0.7em; vertical-align: middle;
  border-radius: 2px; margin-right: 0.3em; }
.legend .span { background: var(--span); }
.legend .study { background: var(--study); }
.legend .late { border-top: 2px dashed var(--late); height: 0; }
ul.tree, ul.tree ul { list-style: none; margin: 0; padding-left: 1.1rem;
  border-left: 1px solid var(--line); }
ul.tree { padding-left: 0; border-left: 0; }
ul.tree li { margin: 0.3rem 0; }
ul.tree .seen { color: var(--muted); }
ul.links { padding-left: 1.2rem; }
ul.links li { margin: 0.4rem 0; }
.url { font-size: 0.9rem; }
footer { color: var(--muted); font-size: 0.85rem; margin: 2rem 0 1rem; }
@media print {
  nav, .progress, .storage-note { display: none; }
  a { color: inherit; }
}
""".strip()

SCRIPT = """
(function () {
  "use strict";
  var root = document.documentElement;
  var key = root.getAttribute("data-storage-key");
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input[data-id]"));
  var progress = document.getElementById("progress");
  var store = null;
  try {
    store = window.localStorage;
    store.setItem(key + ":probe", "1");
    store.removeItem(key + ":probe");
  } catch (e) {
    store = null;
  }
  var ticked = {};
  if (store) {
    try {
      var saved = JSON.parse(store.getItem(key) || "{}");
      if (saved && typeof saved === "object") { ticked = saved; }
    } catch (e) {
      ticked = {};
    }
  } else {
    var note = document.getElementById("storage-note");
    if (note) { note.hidden = false; }
  }
  var done = 0;
  function mark(box) {
    var item = box.closest("li");
    if (item) { item.classList.toggle("ticked", box.checked); }
  }
  function count() {
    if (progress) {
      progress.textContent = progress.getAttribute("data-template")
        .replace("{done}", String(done)).replace("{total}", String(boxes.length));
    }
  }
  boxes.forEach(function (box) {
    box.checked = ticked[box.getAttribute("data-id")] === true;
    if (box.checked) { done += 1; mark(box); }
    box.addEventListener("change", function () {
      var id = box.getAttribute("data-id");
      if (box.checked) { ticked[id] = true; done += 1; } else { delete ticked[id]; done -= 1; }
      if (store) {
        try { store.setItem(key, JSON.stringify(ticked)); } catch (e) { /* full: kept for now */ }
      }
      mark(box);
      count();
    });
  });
  count();
})();
""".strip()
