// Articles view: the list of stored articles and one article's text with its records highlighted.
import { getJson } from "./api.js";
import { el, externalLink, fill, fmtNumber, plural } from "./dom.js";
import { renderArticle } from "./highlight.js";
import * as state from "./state.js";

const PAGE = 50;

async function loadList() {
  const list = document.getElementById("article-list");
  const page = Number(state.get("page") || 0);
  const data = await getJson("/api/articles", { ...state.filters(), limit: PAGE, offset: page * PAGE });
  const current = state.get("article");
  fill(list, data.items.map((a) => el("li", { class: String(a.id) === current ? "current" : null },
    el("a", { href: state.link({ view: "reader", article: a.id, page: page || null }), class: "internal", text: a.title || a.doc_id }),
    el("div", { class: "article-meta", text: [a.source, a.published].filter(Boolean).join(" · ") }),
    el("div", { class: "counts", text: [plural(a.n_figures, "figure"), plural(a.n_quotes, "quote"),
      plural(a.n_events, "event")].join(" · ") }))));
  document.getElementById("articles-page").textContent =
    data.total ? ` ${page * PAGE + 1}–${Math.min(data.total, (page + 1) * PAGE)} of ${fmtNumber(data.total)} ` : " no articles ";
  document.getElementById("articles-prev").disabled = page === 0;
  document.getElementById("articles-next").disabled = (page + 1) * PAGE >= data.total;
  document.getElementById("status").textContent = plural(data.total, "article");
}

async function loadArticle() {
  const container = document.getElementById("article");
  const panel = document.getElementById("item-detail");
  const id = state.get("article");
  if (!id) {
    fill(container, el("p", { class: "hint", text: "Choose an article." }));
    return;
  }
  try {
    const article = await getJson(`/api/articles/${encodeURIComponent(id)}`);
    renderArticle(container, panel, article, { hl: state.get("hl") });
    const link = externalLink(article.url, "Read the original");
    if (link) container.querySelector(".article-meta").append(" · ", link);
  } catch (err) {
    fill(container, el("p", { class: "error", text: String(err.message || err) }));
  }
}

let wired = false;

export async function show() {
  if (!wired) {
    wired = true;
    document.getElementById("articles-prev").addEventListener("click", () =>
      state.update({ page: Math.max(0, Number(state.get("page") || 0) - 1) || null }));
    document.getElementById("articles-next").addEventListener("click", () =>
      state.update({ page: Number(state.get("page") || 0) + 1 }));
  }
  await Promise.all([loadList(), loadArticle()]);
}
