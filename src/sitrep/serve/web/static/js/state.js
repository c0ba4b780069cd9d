// The page's state lives in the URL's query string, so any view can be shared as a link.

export const FILTER_KEYS = ["date_from", "date_to", "country", "place", "event_type", "actor", "source", "q"];
// Other keys pick what a view shows: view, article, hl (a span to show), event, speaker, page.

const listeners = [];

export function params() {
  return new URLSearchParams(window.location.search);
}

export function get(key) {
  return params().get(key);
}

/** The shared filters, as an object of the non-empty ones. */
export function filters() {
  const p = params();
  const out = {};
  for (const key of FILTER_KEYS) {
    const value = p.get(key);
    if (value) out[key] = value;
  }
  return out;
}

/** Change the URL: keys set to null/"" are removed. push: add a history entry. */
export function update(changes, { push = true } = {}) {
  const p = params();
  for (const [key, value] of Object.entries(changes)) {
    if (value === null || value === undefined || value === "") p.delete(key);
    else p.set(key, value);
  }
  const query = p.toString();
  const url = `${window.location.pathname}${query ? "?" + query : ""}`;
  if (push) history.pushState(null, "", url);
  else history.replaceState(null, "", url);
  notify();
}

/** Set all the filters at once (the filter form's submit), keeping the view. */
export function setFilters(values) {
  const changes = { page: null, event: null };
  for (const key of FILTER_KEYS) changes[key] = values[key] || null;
  update(changes);
}

/** A same-page link to a view with the current filters plus extra keys. */
export function link(extra) {
  const p = new URLSearchParams();
  const f = filters();
  for (const [k, v] of Object.entries(f)) p.set(k, v);
  for (const [k, v] of Object.entries(extra)) if (v !== null && v !== undefined) p.set(k, v);
  return `?${p.toString()}`;
}

export function onChange(fn) {
  listeners.push(fn);
}

function notify() {
  for (const fn of listeners) fn();
}

window.addEventListener("popstate", notify);
