// Try-it view: paste an article or drop an HTML/TXT file, see its extraction at once; nothing is stored.
import { getJson, postJson } from "./api.js";
import { el, fill } from "./dom.js";
import { renderArticle } from "./highlight.js";

let wired = false;
let dropped = null; // {name, html|text} from a dropped or chosen file, until the text is edited
let access = "open"; // who may extract, from /api/info: "open", "token" or "closed"

// What the box says when extraction is not open to all (sitrep serve's --open-extract and --token).
const cmd = (text) => el("code", { class: "nowrap", text });
const ACCESS_NOTES = {
  token: () => ["This server extracts only for clients with its token (", cmd("sitrep serve --token"),
    "): enter it below. It is sent with each request and kept nowhere."],
  closed: () => ["Extraction is closed on this server. Whoever runs it can open it to everyone who can reach "
    + "this page with ", cmd("sitrep serve --open-extract"), ", or to clients with a token with ",
  cmd("--token TOKEN"), "."],
};

function status(text) {
  document.getElementById("try-status").textContent = text;
}

async function readFile(file) {
  const content = await file.text();
  const isHtml = /\.html?$/i.test(file.name) || file.type === "text/html";
  dropped = isHtml ? { name: file.name, html: content } : { name: file.name, text: content };
  const area = document.getElementById("try-text");
  area.value = isHtml ? `[HTML page ${file.name}: its main text is read on the server]` : content;
  area.readOnly = isHtml;
  status(`${file.name} loaded`);
}

async function submit(event) {
  event.preventDefault();
  const published = document.getElementById("try-published").value || null;
  const body = dropped && dropped.html !== undefined
    ? { id: dropped.name, html: dropped.html, published }
    : { id: dropped ? dropped.name : "pasted", text: document.getElementById("try-text").value, published };
  const token = document.getElementById("try-token").value.trim();
  const headers = access === "token" && token ? { Authorization: `Bearer ${token}` } : {};
  status("extracting…");
  const started = performance.now();
  try {
    const article = await postJson("/api/extract", body, headers);
    renderArticle(document.getElementById("try-article"), document.getElementById("try-detail"), article);
    status(`done in ${Math.round(performance.now() - started)} ms (not stored)`);
  } catch (err) {
    fill(document.getElementById("try-article"), el("p", { class: "error", text: String(err.message || err) }));
    status("failed");
  }
}

function wire() {
  const zone = document.getElementById("dropzone");
  const area = document.getElementById("try-text");
  document.getElementById("try-form").addEventListener("submit", submit);
  document.getElementById("try-file").addEventListener("change", (e) => {
    if (e.target.files.length) readFile(e.target.files[0]);
  });
  area.addEventListener("input", () => { if (dropped && dropped.text !== undefined) dropped = null; });
  area.addEventListener("dblclick", () => {
    if (area.readOnly) { area.readOnly = false; area.value = ""; dropped = null; status(""); }
  });
  for (const name of ["dragenter", "dragover"]) {
    zone.addEventListener(name, (e) => { e.preventDefault(); zone.classList.add("dragging"); });
  }
  for (const name of ["dragleave", "drop"]) {
    zone.addEventListener(name, () => zone.classList.remove("dragging"));
  }
  zone.addEventListener("drop", (e) => {
    e.preventDefault();
    if (e.dataTransfer.files.length) readFile(e.dataTransfer.files[0]);
  });
}

async function showAccess() {
  let info = { extract: "open" };
  try {
    info = await getJson("/api/info");
  } catch {
    // An older server without /api/info's "extract": try, and show its answer.
  }
  access = info.extract || "open";
  const note = document.getElementById("try-access");
  const limit = info.max_text_chars ? `Up to ${info.max_text_chars.toLocaleString("en")} characters an article.` : "";
  fill(note, ACCESS_NOTES[access] ? [...ACCESS_NOTES[access](), " "] : [], limit);
  note.hidden = !note.textContent.trim();
  document.getElementById("try-token-label").hidden = access !== "token";
  document.querySelector("#try-form button[type=submit]").disabled = access === "closed";
}

export async function show() {
  if (!wired) {
    wired = true;
    wire();
    await showAccess();
  }
}
