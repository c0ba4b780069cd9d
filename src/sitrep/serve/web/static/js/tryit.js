// Try-it view: paste an article or drop an HTML/TXT file, see its extraction at once; nothing is stored.
import { postJson } from "./api.js";
import { el, fill } from "./dom.js";
import { renderArticle } from "./highlight.js";

let wired = false;
let dropped = null; // {name, html|text} from a dropped or chosen file, until the text is edited

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
  status("extracting…");
  const started = performance.now();
  try {
    const article = await postJson("/api/extract", body);
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

export async function show() {
  if (!wired) { wired = true; wire(); }
}
