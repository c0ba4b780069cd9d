// The explorer page: one view at a time, chosen by ?view=, with the filter bar shared by all views.
import { getJson } from "./api.js";
import { EVENT_TYPES } from "./colors.js";
import { el } from "./dom.js";
import * as mapView from "./map.js";
import * as quotesView from "./quotes.js";
import * as readerView from "./reader.js";
import * as state from "./state.js";
import * as timelineView from "./timeline.js";
import * as tryView from "./tryit.js";

const VIEWS = { map: mapView, timeline: timelineView, reader: readerView, quotes: quotesView, try: tryView };
const form = document.getElementById("filters");
let facetsLoaded = false;

async function loadFacets() {
  if (facetsLoaded) return;
  facetsLoaded = true;
  let facets = { event_types: [], countries: [], sources: [] };
  try {
    facets = await getJson("/api/facets");
  } catch {
    // No database (try-it only): the filters keep their free-text inputs.
  }
  const types = form.elements.event_type;
  for (const t of [...EVENT_TYPES, ...facets.event_types.filter((t) => !EVENT_TYPES.includes(t))]) {
    types.append(el("option", { value: t, text: t }));
  }
  const countries = form.elements.country;
  for (const c of facets.countries) countries.append(el("option", { value: c, text: c }));
  const sources = document.getElementById("source-list");
  for (const s of facets.sources) sources.append(el("option", { value: s }));
  syncForm();
}

function syncForm() {
  const current = state.filters();
  for (const key of state.FILTER_KEYS) {
    const input = form.elements[key];
    if (!input) continue;
    const value = current[key] || "";
    if (input.tagName === "SELECT" && value && ![...input.options].some((o) => o.value === value)) {
      input.append(el("option", { value, text: value }));
    }
    input.value = value;
  }
}

async function render() {
  const name = VIEWS[state.get("view")] ? state.get("view") : "map";
  for (const [key] of Object.entries(VIEWS)) {
    document.getElementById(`view-${key}`).hidden = key !== name;
  }
  for (const button of document.querySelectorAll("#tabs button")) {
    button.setAttribute("aria-current", button.dataset.view === name ? "page" : "false");
  }
  document.body.dataset.view = name;
  document.body.dataset.ready = "";
  syncForm();
  await VIEWS[name].show();
  document.body.dataset.ready = name;
}

form.addEventListener("submit", (e) => {
  e.preventDefault();
  const values = {};
  for (const key of state.FILTER_KEYS) values[key] = form.elements[key].value.trim();
  state.setFilters(values);
});
document.getElementById("clear-filters").addEventListener("click", () => state.setFilters({}));
for (const button of document.querySelectorAll("#tabs button")) {
  button.addEventListener("click", () => state.update({ view: button.dataset.view, page: null }));
}
// Same-page links (class "internal") change the URL without reloading the page.
document.addEventListener("click", (e) => {
  const a = e.target.closest("a.internal");
  if (!a || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
  e.preventDefault();
  history.pushState(null, "", a.getAttribute("href"));
  render();
});
state.onChange(render);

// The view and the filter choices load side by side; the form is re-synced when facets arrive.
render();
loadFacets();
