// Article text with its figures, quotes and events highlighted; hovering or clicking shows the fields.
import { el, fields, fill, fmtNumber, placeName, plural } from "./dom.js";

const KINDS = ["event", "quote", "figure"]; // outermost to innermost when spans nest
const tooltip = () => document.getElementById("tooltip");

function describe(item) {
  const r = item.record;
  if (item.kind === "figure") {
    const range = r.low !== null && r.high !== null ? `${fmtNumber(r.low)}–${fmtNumber(r.high)}` : null;
    return {
      title: `Figure: ${fmtNumber(r.value)} ${r.category}`,
      pairs: [["Value", fmtNumber(r.value)], ["Range", range], ["Qualifier", r.qualifier],
        ["Category", r.category], ["Unit", r.unit], ["Who", r.who], ["Scope", r.scope],
        ["Period", r.period_start || r.period_end ? `${r.period_start || "…"} to ${r.period_end || "…"}` : null],
        ["As of", r.as_of], ["Place", placeName(r.place)], ["Reported by", r.reported_by],
        ["Attribution", r.attribution]],
    };
  }
  if (item.kind === "quote") {
    return {
      title: `Quote (${r.kind})`,
      pairs: [["Speaker", r.speaker || "unknown"], ["Title", r.speaker_title], ["Speaker type", r.speaker_type],
        ["Cue", r.cue], ["Kind", r.kind]],
    };
  }
  return {
    title: `Event: ${r.event_type}`,
    pairs: [["Type", r.event_type], ["Sub-type", r.sub_event_type], ["Date", r.date],
      ["Actor 1", r.actor1], ["Actor 2", r.actor2], ["Place", placeName(r.place)],
      ["Fatalities", r.fatalities !== null ? fmtNumber(r.fatalities) : null],
      ["Injured", r.injured !== null ? fmtNumber(r.injured) : null], ["Reported by", r.reported_by]],
  };
}

function card(item) {
  const { title, pairs } = describe(item);
  return el("div", { class: `item-card item-${item.kind}` }, el("h3", { text: title }), fields(pairs));
}

/** Split text into segments at every span boundary; each segment knows which items cover it. */
export function segments(text, items) {
  const cuts = new Set([0, text.length]);
  for (const it of items) {
    cuts.add(Math.max(0, Math.min(text.length, it.start)));
    cuts.add(Math.max(0, Math.min(text.length, it.end)));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const covering = items.filter((it) => it.start <= a && it.end >= b);
    out.push({ start: a, end: b, covering });
  }
  return out;
}

function collect(article) {
  const items = [];
  for (const kind of KINDS) {
    for (const record of article[`${kind}s`] || []) {
      if (record.end > record.start) items.push({ kind, record, start: record.start, end: record.end });
    }
  }
  return items;
}

/** Render an article (with figures/quotes/events offsets into article.text) into container. */
export function renderArticle(container, panel, article, { hl = null } = {}) {
  const items = collect(article);
  const body = el("div", { class: "article-text" });
  for (const seg of segments(article.text, items)) {
    const piece = article.text.slice(seg.start, seg.end);
    if (!seg.covering.length) {
      body.append(document.createTextNode(piece));
      continue;
    }
    const kinds = new Set(seg.covering.map((c) => c.kind));
    const span = el("span", {
      class: ["hl", ...[...kinds].map((k) => `hl-${k}`)].join(" "),
      tabindex: "0",
      dataset: { start: seg.start, end: seg.end },
      text: piece,
    });
    // Innermost first: the shortest span is what the reader points at.
    const covering = [...seg.covering].sort((x, y) => (x.end - x.start) - (y.end - y.start));
    span.addEventListener("mouseenter", (e) => showTooltip(e, covering[0]));
    span.addEventListener("mouseleave", hideTooltip);
    const pin = () => fill(panel, covering.map(card));
    span.addEventListener("click", pin);
    span.addEventListener("keydown", (e) => { if (e.key === "Enter") pin(); });
    body.append(span);
  }
  const counts = KINDS.slice().reverse()
    .map((kind) => plural(items.filter((i) => i.kind === kind).length, kind)).join(" · ");
  fill(container,
    el("h2", { class: "article-title", text: article.title || (article.id === null ? "Untitled (not stored)" : article.doc_id) }),
    el("p", { class: "article-meta", text: [article.source, article.published, article.author].filter(Boolean).join(" · ") }),
    el("p", { class: "legend" },
      el("span", { class: "key hl-figure", text: "figure" }), " ",
      el("span", { class: "key hl-quote", text: "quote" }), " ",
      el("span", { class: "key hl-event", text: "event" }), ` — ${counts}`),
    (article.errors || []).length ? el("ul", { class: "errors" }, article.errors.map((e) => el("li", { text: e }))) : null,
    body);
  fill(panel, el("p", { class: "hint", text: "Hover or click a highlight to see what was extracted." }));
  if (hl) focusRange(body, hl);
  return body;
}

function focusRange(body, hl) {
  const [start, end] = String(hl).split("-").map(Number);
  if (!Number.isFinite(start)) return;
  const spans = [...body.querySelectorAll(".hl")].filter(
    (s) => Number(s.dataset.start) >= start && Number(s.dataset.end) <= (Number.isFinite(end) ? end : start + 1));
  for (const s of spans) s.classList.add("focused");
  if (spans.length) spans[0].scrollIntoView({ block: "center" });
}

function showTooltip(event, item) {
  const tip = tooltip();
  const { title, pairs } = describe(item);
  fill(tip, el("strong", { text: title }), fields(pairs.slice(0, 6)));
  tip.hidden = false;
  const rect = event.target.getBoundingClientRect();
  tip.style.left = `${Math.min(window.innerWidth - 320, rect.left + window.scrollX)}px`;
  tip.style.top = `${rect.bottom + window.scrollY + 6}px`;
}

function hideTooltip() {
  tooltip().hidden = true;
}
