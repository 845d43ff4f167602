// Compiles GOV.UK Frontend from its Sass with the force's fonts and colours, and copies the
// scripts and assets the pages use into safer/static/dist/. Run by `make static`.
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import * as sass from "sass";

const out = "safer/static/dist";
mkdirSync(`${out}/assets`, { recursive: true });

const result = sass.compile("safer/static/scss/app.scss", {
  loadPaths: ["node_modules"],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import", "global-builtin", "mixed-decls", "color-functions", "slash-div"],
});
writeFileSync(`${out}/app.css`, result.css);

cpSync("node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js", `${out}/govuk-frontend.min.js`);
cpSync("node_modules/govuk-frontend/dist/govuk/assets/images", `${out}/assets/images`, { recursive: true });
cpSync("node_modules/govuk-frontend/dist/govuk/assets/manifest.json", `${out}/assets/manifest.json`);
cpSync("node_modules/htmx.org/dist/htmx.min.js", `${out}/htmx.min.js`);
// Leaflet, for street maps over the SVG ones (safer/static/maps/maps.js loads it only when a tile
// server is set): served from here, never a CDN.
mkdirSync(`${out}/leaflet`, { recursive: true });
cpSync("node_modules/leaflet/dist/leaflet.js", `${out}/leaflet/leaflet.js`);
cpSync("node_modules/leaflet/dist/leaflet.css", `${out}/leaflet/leaflet.css`);
cpSync("node_modules/leaflet/dist/images", `${out}/leaflet/images`, { recursive: true });
console.log(`static: wrote ${out}/app.css (${result.css.length} bytes) and scripts`);
