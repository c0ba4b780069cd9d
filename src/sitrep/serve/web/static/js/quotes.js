// Quotes view: speakers (searchable) and their quotes, each linked to its place in the article.
import { getJson } from "./api.js";
import { el, fill, fmtNumber, plural } from "./dom.js";
import * as state from "./state.js";

const PAGE = 50;
let wired = false;
let speakers = [];

function renderSpeakers() {
  const needle = document.getElementById("speaker-search").value.trim().toLowerCase();
  const current = state.get("speaker");
  const shown = speakers.filter((s) => !needle || s.speaker.toLowerCase().includes(needle));
  fill(document.getElementById("speaker-list"),
    el("li", { class: current ? null : "current" },
      el("a", { class: "internal", href: state.link({ view: "quotes" }), text: "All speakers" })),
    shown.map((s) => el("li", { class: s.speaker === current ? "current" : null },
      el("a", { class: "internal", href: state.link({ view: "quotes", speaker: s.speaker }), text: s.speaker }),
      s.speaker_title ? el("span", { class: "speaker-title", text: ` ${s.speaker_title}` }) : null,
      el("span", { class: "count", text: ` (${s.n_quotes})` }))));
}

async function loadSpeakers() {
  const data = await getJson("/api/quotes/speakers", { ...state.filters(), limit: 500 });
  speakers = data.items;
  renderSpeakers();
}

async function loadQuotes() {
  const page = Number(state.get("page") || 0);
  const speaker = state.get("speaker");
  const data = await getJson("/api/quotes", { ...state.filters(), speaker, limit: PAGE, offset: page * PAGE });
  document.getElementById("quotes-title").textContent = speaker ? `Quotes from ${speaker}` : "Quotes";
  fill(document.getElementById("quote-list"), data.items.map((q) => el("li", { class: `quote quote-${q.kind}` },
    el("blockquote", { text: q.text }),
    el("div", { class: "quote-meta" },
      el("strong", { text: q.speaker || "unknown speaker" }),
      q.speaker_title ? `, ${q.speaker_title}` : "",
      q.cue ? ` · ${q.cue}` : "", ` · ${q.kind}`,
      q.published ? ` · ${q.published}` : "", " · ",
      el("a", { class: "internal", href: state.link({ view: "reader", article: q.article_id, hl: `${q.start}-${q.end}` }),
        text: q.article_title || q.source || `article ${q.article_id}` })))));
  document.getElementById("quotes-page").textContent =
    data.total ? ` ${page * PAGE + 1}–${Math.min(data.total, (page + 1) * PAGE)} of ${fmtNumber(data.total)} ` : " no quotes ";
  document.getElementById("quotes-prev").disabled = page === 0;
  document.getElementById("quotes-next").disabled = (page + 1) * PAGE >= data.total;
  document.getElementById("status").textContent = plural(data.total, "quote");
}

export async function show() {
  if (!wired) {
    wired = true;
    document.getElementById("speaker-search").addEventListener("input", renderSpeakers);
    document.getElementById("quotes-prev").addEventListener("click", () =>
      state.update({ page: Math.max(0, Number(state.get("page") || 0) - 1) || null }));
    document.getElementById("quotes-next").addEventListener("click", () =>
      state.update({ page: Number(state.get("page") || 0) + 1 }));
  }
  try {
    await Promise.all([loadSpeakers(), loadQuotes()]);
  } catch (err) {
    document.getElementById("status").textContent = `could not load quotes: ${err.message || err}`;
  }
}
