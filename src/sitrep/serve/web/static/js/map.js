// Map view: events on an offline Natural Earth basemap, coloured by type, sized by fatalities, clustered.
import { getJson } from "./api.js";
import { EVENT_COLORS, eventColor } from "./colors.js";
import { el, externalLink, fields, fill, fmtNumber, placeName } from "./dom.js";
import * as state from "./state.js";

let map = null;
let cluster = null;
let basemap = null;
let detailedRequested = false;
const COARSE = "/static/vendor/world-atlas/countries-110m.json";
const DETAILED = "/static/vendor/world-atlas/countries-50m.json";
const DETAILED_FROM_ZOOM = 4;
let lastQuery = null;
let coarse = null;
let chunksDone = null; // called by the cluster layer when the last chunk of markers is in

function radius(fatalities) {
  return Math.min(22, 5 + 2.2 * Math.sqrt(fatalities || 0));
}

async function fetchTopo(url) {
  const response = await fetch(url);
  return response.json();
}

/** Draw country outlines (a TopoJSON of Natural Earth countries) under the markers. */
function drawBasemap(topo) {
  const countries = topojson.feature(topo, topo.objects.countries);
  const layer = L.geoJSON(countries, {
    renderer: L.canvas({ padding: 0.2 }),
    interactive: false,
    style: { color: "#9aa5b1", weight: 0.6, fillColor: "#f4f1ea", fillOpacity: 1 },
  });
  if (basemap) map.removeLayer(basemap);
  basemap = layer.addTo(map);
}

function maybeDetailed() {
  if (detailedRequested || map.getZoom() < DETAILED_FROM_ZOOM) return;
  detailedRequested = true;
  fetchTopo(DETAILED).then(drawBasemap);
}

function init() {
  map = L.map("map", { worldCopyJump: true, minZoom: 2, maxZoom: 14, zoomSnap: 0.5 });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Country outlines: Natural Earth (public domain)");
  map.setView([25, 20], 2);
  coarse = fetchTopo(COARSE);
  map.on("zoomend", maybeDetailed);
  cluster = L.markerClusterGroup({
    chunkedLoading: true,
    chunkProgress: (processed, total) => { if (processed === total && chunksDone) chunksDone(); },
    maxClusterRadius: 40,
    showCoverageOnHover: false,
    spiderfyOnMaxZoom: true,
  });
  // One handler on the group, not 10,000 on the markers.
  cluster.on("click", (e) => state.update({ event: e.layer.eventId }));
  map.addLayer(cluster);
  const legend = document.getElementById("map-legend");
  fill(legend, Object.entries(EVENT_COLORS).map(([type, color]) => {
    const swatch = el("span", { class: "swatch" });
    swatch.style.backgroundColor = color;
    return el("span", { class: "legend-item" }, swatch, type);
  }), el("span", { class: "legend-item", text: "size: fatalities" }),
  el("span", { class: "legend-item", text: "hollow, dashed: place uncertain" }));
}

function setStatus(text) {
  document.getElementById("status").textContent = text;
}

async function loadPoints() {
  const query = state.filters();
  const key = JSON.stringify(query);
  if (key === lastQuery) return;
  lastQuery = key;
  setStatus("loading events…");
  const data = await getJson("/api/events/points", query);
  cluster.clearLayers();
  const markers = [];
  for (let i = 0; i < data.id.length; i++) {
    const color = eventColor(data.event_types[data.type[i]]);
    // A place read with low geo_confidence (far from the article's other places): hollow and dashed.
    const uncertain = Boolean(data.uncertain && data.uncertain[i]);
    const marker = L.circleMarker([data.lat[i], data.lon[i]], uncertain ? {
      radius: radius(data.fatalities[i]),
      color,
      weight: 2,
      dashArray: "3 3",
      fillColor: color,
      fillOpacity: 0.1,
      className: "event-marker event-marker-uncertain",
    } : {
      radius: radius(data.fatalities[i]),
      color: "#333",
      weight: 1,
      fillColor: color,
      fillOpacity: 0.85,
      className: "event-marker",
    });
    marker.eventId = data.id[i];
    markers.push(marker);
  }
  // Clustering 10,000 markers runs in chunks so the page stays responsive; wait for the last one.
  const allIn = new Promise((resolve) => { chunksDone = resolve; });
  cluster.addLayers(markers);
  if (markers.length) await allIn;
  chunksDone = null;
  if (markers.length) {
    const bounds = L.latLngBounds(markers.map((m) => m.getLatLng()));
    map.fitBounds(bounds.pad(0.2), { maxZoom: 6 });
  }
  const more = data.truncated ? ` (showing ${fmtNumber(data.id.length)})` : "";
  setStatus(`${fmtNumber(data.total)} event${data.total === 1 ? "" : "s"} on the map${more}`);
  document.getElementById("map").dataset.loaded = String(markers.length);
  // When every marker (or its cluster) could be clicked, in ms from navigation start: the measure
  // of the issue's 2 s budget (tests/serve/test_browser.py, benchmarks/api_latency.py).
  if (window.sitrepMapReadyAt === undefined) window.sitrepMapReadyAt = performance.now();
}

function reportItem(r) {
  const readerLink = el("a", {
    href: state.link({ view: "reader", article: r.article_id, hl: `${r.start}-${r.end}` }),
    text: r.article_title || `article ${r.article_id}`,
    class: "internal",
  });
  const meta = [r.source, r.published, r.reported_by ? `according to ${r.reported_by}` : null].filter(Boolean).join(" · ");
  return el("li", { class: "report" },
    el("blockquote", { class: "source-sentence", text: r.text }),
    el("div", { class: "report-meta" }, readerLink, meta ? ` · ${meta}` : "",
      r.article_url ? " · " : "", externalLink(r.article_url, "original")),
    r.fatalities !== null || r.injured !== null
      ? el("div", { class: "report-counts", text: "this report: " + [
        r.fatalities !== null ? `${fmtNumber(r.fatalities)} killed` : null,
        r.injured !== null ? `${fmtNumber(r.injured)} injured` : null].filter(Boolean).join(", ") })
      : null);
}

/** Why a place is drawn hollow: its reading is far from every other place of its article. */
function placeNote(place) {
  if (!place || place.geo_confidence === undefined || place.geo_confidence === null || place.geo_confidence >= 1) return null;
  return "uncertain: far from every other place its article names, with no country named beside it; "
    + "the article may mean another place of that name";
}

function range(best, low, high) {
  if (best === null || best === undefined) return null;
  if (low !== null && high !== null && low !== high) return `${fmtNumber(best)} (reports say ${fmtNumber(low)}–${fmtNumber(high)})`;
  return fmtNumber(best);
}

async function showEvent(id) {
  const panel = document.getElementById("event-detail");
  if (!id) {
    fill(panel, el("p", { class: "hint", text: "Click an event on the map to see its reports." }));
    return;
  }
  let ev;
  try {
    ev = await getJson(`/api/events/${encodeURIComponent(id)}`);
  } catch (err) {
    fill(panel, el("p", { class: "error", text: String(err.message || err) }));
    return;
  }
  const swatch = el("span", { class: "swatch" });
  swatch.style.backgroundColor = eventColor(ev.event_type);
  const precision = { 1: "exact day", 2: "within a week", 3: "within a month" }[ev.time_precision];
  fill(panel,
    el("h2", { class: "event-title" }, swatch, ev.event_type),
    el("p", { class: "subtype", text: ev.sub_event_type }),
    fields([
      ["Date", ev.date ? `${ev.date}${precision ? ` (${precision})` : ""}` : "unknown"],
      ["Place", placeName(ev.place)],
      ["Place note", placeNote(ev.place)],
      ["Actor 1", ev.actor1],
      ["Actor 2", ev.actor2],
      ["Fatalities", range(ev.fatalities, ev.fatalities_low, ev.fatalities_high)],
      ["Injured", ev.injured !== null ? fmtNumber(ev.injured) : null],
      ["Reports", `${ev.n_reports} from ${ev.n_sources} source${ev.n_sources === 1 ? "" : "s"}`],
    ]),
    el("h3", { text: "Source sentences" }),
    el("ol", { class: "reports" }, ev.reports.map(reportItem)));
}

export async function show() {
  if (!map) init();
  map.invalidateSize();
  try {
    // Markers first (what the reader came for), then the outlines under them.
    await loadPoints();
    if (!basemap) drawBasemap(await coarse);
    maybeDetailed();
  } catch (err) {
    setStatus(`could not load events: ${err.message || err}`);
  }
  await showEvent(state.get("event"));
}
