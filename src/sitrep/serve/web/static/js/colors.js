// One colour per ACLED event type, shared by the map, its legend and the timeline.
export const EVENT_COLORS = {
  "Battles": "#d62728",
  "Explosions/Remote violence": "#ff7f0e",
  "Violence against civilians": "#9467bd",
  "Protests": "#2ca02c",
  "Riots": "#8c564b",
  "Strategic developments": "#1f77b4",
};
export const EVENT_TYPES = Object.keys(EVENT_COLORS);

export function eventColor(type) {
  return EVENT_COLORS[type] || "#7f7f7f";
}
