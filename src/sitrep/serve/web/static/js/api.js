// Calls to the sitrep API (same origin); errors become exceptions with the server's message.

export class ApiError extends Error {}

export async function getJson(path, query = {}) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== null && v !== undefined && v !== "") p.set(k, v);
  const url = p.toString() ? `${path}?${p}` : path;
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  return decode(response);
}

export async function postJson(path, body, headers = {}) {
  const response = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json", ...headers },
    body: JSON.stringify(body),
  });
  return decode(response);
}

async function decode(response) {
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  if (!response.ok) {
    let detail = data && data.detail;
    if (Array.isArray(detail)) detail = detail.map((d) => `${(d.loc || []).join(".")}: ${d.msg}`).join("; ");
    throw new ApiError(detail || `${response.status} ${response.statusText}`);
  }
  return data;
}
