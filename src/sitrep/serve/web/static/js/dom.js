// Safe DOM building: every piece of data becomes a text node (never innerHTML), every link is checked.

/** Build an element. props: {class, text, href, title, dataset, on: {event: fn}, ...attributes}. */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = String(value);
    else if (key === "href") node.setAttribute("href", safeUrl(value));
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key === "on") for (const [ev, fn] of Object.entries(value)) node.addEventListener(ev, fn);
    else if (key.startsWith("on")) throw new Error(`event handlers go in props.on, not ${key}`);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replace an element's children. */
export function fill(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

/** A URL that is safe in an href: same-site paths, or http(s) addresses; anything else becomes "#". */
export function safeUrl(value) {
  const text = String(value);
  if (text.startsWith("?") || text.startsWith("#")) return text;
  if (text.startsWith("/") && !text.startsWith("//")) return text;
  try {
    const url = new URL(text);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : "#";
  } catch {
    return "#";
  }
}

/** An external link to an article, opened without giving the page a handle on this one. */
export function externalLink(url, label) {
  if (!url || safeUrl(url) === "#") return null;
  return el("a", { href: url, text: label || url, target: "_blank", rel: "noopener noreferrer nofollow" });
}

/** A definition list of the non-empty fields: [[label, value], ...]. */
export function fields(pairs) {
  const dl = el("dl", { class: "fields" });
  for (const [label, value] of pairs) {
    if (value === undefined || value === null || value === "" || (Array.isArray(value) && !value.length)) continue;
    dl.append(el("dt", { text: label }), el("dd", {}, value instanceof Node ? value : String(value)));
  }
  return dl;
}

export function fmtNumber(n) {
  return n === null || n === undefined ? "" : Number(n).toLocaleString("en-US");
}

/** "1 quote", "2 quotes". */
export function plural(n, word) {
  return `${fmtNumber(n)} ${word}${n === 1 ? "" : "s"}`;
}

export function placeName(place) {
  if (!place) return "";
  return [place.name, place.admin1 !== place.name ? place.admin1 : null, place.country]
    .filter(Boolean).join(", ");
}

const loading = new Map();

/** Load a classic script from this site once (Chart.js waits until a chart is first drawn). */
export function loadScript(src) {
  if (!loading.has(src)) {
    loading.set(src, new Promise((resolve, reject) => {
      const script = el("script", { src });
      script.addEventListener("load", resolve);
      script.addEventListener("error", () => reject(new Error(`could not load ${src}`)));
      document.head.append(script);
    }));
  }
  return loading.get(src);
}
