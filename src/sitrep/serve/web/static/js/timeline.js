// Timeline view: events per day by type (stacked bars) and each figure series as a line, flags marked.
import { getJson } from "./api.js";
import { EVENT_TYPES, eventColor } from "./colors.js";
import { el, fields, fill, fmtNumber, loadScript, plural } from "./dom.js";
import * as state from "./state.js";

let eventsChart = null;
const seriesCharts = [];
const DAY = 86400000;

function isoDay(ms) {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Consecutive buckets from the first to the last date: days, or months for spans over a year. */
function buckets(dates) {
  if (!dates.length) return { labels: [], keyOf: (d) => d };
  const first = Date.parse(dates[0]);
  const last = Date.parse(dates[dates.length - 1]);
  if ((last - first) / DAY <= 400) {
    const labels = [];
    for (let t = first; t <= last; t += DAY) labels.push(isoDay(t));
    return { labels, keyOf: (d) => d };
  }
  const labels = [];
  const start = new Date(first);
  for (let y = start.getUTCFullYear(), m = start.getUTCMonth(); Date.UTC(y, m, 1) <= last; m++) {
    if (m === 12) { m = 0; y++; }
    labels.push(`${y}-${String(m + 1).padStart(2, "0")}`);
  }
  return { labels, keyOf: (d) => d.slice(0, 7) };
}

function monthRange(month) {
  const [y, m] = month.split("-").map(Number);
  return [`${month}-01`, isoDay(Date.UTC(y, m, 0))];
}

async function loadEvents() {
  const days = await getJson("/api/events/timeline", state.filters());
  const rows = days.date.map((date, i) => ({ date, event_type: days.event_type[i], n: days.n[i] }));
  const dates = [...new Set(rows.map((r) => r.date))].sort();
  const { labels, keyOf } = buckets(dates);
  const index = new Map(labels.map((l, i) => [l, i]));
  const types = EVENT_TYPES.filter((t) => rows.some((r) => r.event_type === t));
  for (const r of rows) if (!types.includes(r.event_type)) types.push(r.event_type);
  const datasets = types.map((type) => {
    const data = new Array(labels.length).fill(0);
    for (const r of rows) if (r.event_type === type) data[index.get(keyOf(r.date))] += r.n;
    return { label: type, data, backgroundColor: eventColor(type), stack: "events" };
  });
  if (eventsChart) eventsChart.destroy();
  eventsChart = new Chart(document.getElementById("events-chart"), {
    type: "bar",
    data: { labels, datasets },
    options: {
      animation: false, responsive: true, maintainAspectRatio: false,
      scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
      plugins: { legend: { position: "bottom" } },
      // Clicking a bar narrows every view to that day (or month), through the shared filters.
      onClick: (_e, elements) => {
        if (!elements.length) return;
        const label = labels[elements[0].index];
        const [from, to] = label.length === 10 ? [label, label] : monthRange(label);
        state.update({ date_from: from, date_to: to, view: "map", event: null });
      },
    },
  });
  document.getElementById("status").textContent = plural(rows.reduce((a, r) => a + r.n, 0), "dated event");
}

function seriesCard(series) {
  const canvas = el("canvas");
  const flagged = series.points.map((p) => p.flags.length > 0);
  const detail = el("div", { class: "series-detail" });
  const card = el("div", { class: "series-card" },
    el("h3", { text: series.name }),
    el("p", { class: "series-meta", text: `${plural(series.points.length, "point")} · ${plural(series.flags.length, "flag")}` }),
    el("div", { class: "chart-box small" }, canvas),
    series.flags.length
      ? el("ul", { class: "flags" }, series.flags.map((f) => el("li", {}, el("strong", { text: f.kind.replace(/_/g, " ") }), `: ${f.message}`)))
      : null,
    detail);
  const chart = new Chart(canvas, {
    type: "line",
    data: {
      datasets: [{
        label: series.name,
        data: series.points.map((p) => ({ x: Date.parse(p.date), y: p.value })),
        borderColor: "#1f3b57", backgroundColor: "#1f3b57", tension: 0,
        pointStyle: (ctx) => (flagged[ctx.dataIndex] ? "triangle" : "circle"),
        pointRadius: (ctx) => (flagged[ctx.dataIndex] ? 8 : 3),
        pointBackgroundColor: (ctx) => (flagged[ctx.dataIndex] ? "#d62728" : "#1f3b57"),
        pointBorderColor: (ctx) => (flagged[ctx.dataIndex] ? "#d62728" : "#1f3b57"),
      }],
    },
    options: {
      animation: false, responsive: true, maintainAspectRatio: false,
      scales: {
        x: { type: "linear", ticks: { callback: (v) => isoDay(v), maxTicksLimit: 8 } },
        y: { ticks: { callback: (v) => fmtNumber(v) } },
      },
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: {
          title: (items) => isoDay(items[0].parsed.x),
          label: (item) => {
            const p = series.points[item.dataIndex];
            return `${fmtNumber(p.value)}${p.flags.length ? ` ⚠ ${p.flags.join(", ")}` : ""}`;
          },
        } },
      },
      onClick: (_e, elements) => {
        if (!elements.length) return;
        const p = series.points[elements[0].index];
        fill(detail, fields([["Date", p.date], ["Value", fmtNumber(p.value)], ["Qualifier", p.qualifier],
          ["Flags", p.flags.join(", ")], ["Sentence", p.text]]),
        p.article_ids.map((id, i) => el("a", {
          class: "internal", href: state.link({ view: "reader", article: id }), text: `article ${i + 1}`,
        })));
      },
    },
  });
  seriesCharts.push(chart);
  return card;
}

async function loadSeries() {
  const list = document.getElementById("series-list");
  const series = await getJson("/api/series", { ...state.filters(), limit: 30 });
  while (seriesCharts.length) seriesCharts.pop().destroy();
  fill(list);
  if (!series.items.length) {
    list.append(el("p", { class: "hint", text: "No figure series match the filters." }));
    return;
  }
  for (const s of series.items) list.append(seriesCard(s));
}

const CHART_JS = "/static/vendor/chart.js/chart.umd.min.js";

export async function show() {
  try {
    await loadScript(CHART_JS); // 200 KB the map page does not need
    await Promise.all([loadEvents(), loadSeries()]);
  } catch (err) {
    document.getElementById("status").textContent = `could not load the timeline: ${err.message || err}`;
  }
}
