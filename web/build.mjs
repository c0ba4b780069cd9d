// Build step for `sitrep serve`'s page: copies the front-end libraries installed from the
// npm registry (`npm ci`) into the Python package, so a pip install works offline with no CDN.
// Run: cd web && npm ci && npm run build   (then commit src/sitrep/serve/web/static/vendor/)
import { copyFileSync, mkdirSync, rmSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, "node_modules");
const vendor = join(here, "..", "src", "sitrep", "serve", "web", "static", "vendor");

// [package, file inside the package, destination folder under vendor/]
const FILES = [
  ["leaflet", "dist/leaflet.js", "leaflet"],
  ["leaflet", "dist/leaflet.css", "leaflet"],
  ["leaflet", "dist/images/layers.png", "leaflet/images"],
  ["leaflet", "dist/images/layers-2x.png", "leaflet/images"],
  ["leaflet", "dist/images/marker-icon.png", "leaflet/images"],
  ["leaflet", "dist/images/marker-icon-2x.png", "leaflet/images"],
  ["leaflet", "dist/images/marker-shadow.png", "leaflet/images"],
  ["leaflet", "LICENSE", "leaflet"],
  ["leaflet.markercluster", "dist/leaflet.markercluster.js", "leaflet.markercluster"],
  ["leaflet.markercluster", "dist/MarkerCluster.css", "leaflet.markercluster"],
  ["leaflet.markercluster", "dist/MarkerCluster.Default.css", "leaflet.markercluster"],
  ["leaflet.markercluster", "MIT-LICENCE.txt", "leaflet.markercluster"],
  ["topojson-client", "dist/topojson-client.min.js", "topojson-client"],
  ["topojson-client", "LICENSE", "topojson-client"],
  // Natural Earth country outlines (public domain): 1:110m drawn first (small, fast), 1:50m loaded
  // once the map is zoomed in (fine enough for Gaza or Lebanon).
  ["world-atlas", "countries-110m.json", "world-atlas"],
  ["world-atlas", "countries-50m.json", "world-atlas"],
  ["world-atlas", "LICENSE", "world-atlas"],
  ["chart.js", "dist/chart.umd.min.js", "chart.js"],
  ["chart.js", "LICENSE.md", "chart.js"],
  ["swagger-ui-dist", "swagger-ui-bundle.js", "swagger-ui"],
  ["swagger-ui-dist", "swagger-ui.css", "swagger-ui"],
  ["swagger-ui-dist", "LICENSE", "swagger-ui"],
  ["swagger-ui-dist", "NOTICE", "swagger-ui"],
];

rmSync(vendor, { recursive: true, force: true });
const versions = {};
for (const [pkg, file, dest] of FILES) {
  const out = join(vendor, dest);
  mkdirSync(out, { recursive: true });
  copyFileSync(join(modules, pkg, file), join(out, file.split("/").pop()));
  versions[pkg] = JSON.parse(readFileSync(join(modules, pkg, "package.json"), "utf8")).version;
}
// Strip the sourceMappingURL comment: the .map files are not shipped, and browsers would 404 on them.
for (const [, file, dest] of FILES.filter(([, f]) => /\.(js|css)$/.test(f))) {
  const path = join(vendor, dest, file.split("/").pop());
  writeFileSync(path, readFileSync(path, "utf8").replace(/\n?\/[*/]# sourceMappingURL=\S+( \*\/)?\s*$/, "\n"));
}
writeFileSync(join(vendor, "VERSIONS.json"), JSON.stringify(versions, null, 2) + "\n");
console.log(`copied ${FILES.length} files into ${vendor}`);
