// Street maps: progressive enhancement of the server-drawn SVG maps (safer/lib/maps.py).
//
// A map figure names its layers with data-sn-map="<id>": a <script type="application/json"> block
// (data, not script, so the strict CSP holds) holding the tile server, the bounds and the shapes.
// When it names a tile server, Leaflet (served from /static/dist/leaflet/, loaded only then) draws
// the same shapes over street tiles and the SVG is hidden; without JavaScript, or without a tile
// server (the offline demo), the SVG and its caption are the map.

const LEAFLET = "/static/dist/leaflet/";
const BRAND = "#1d3b6b";
const RED = "#d4351c";

function readLayers(figure) {
  const block = document.getElementById(figure.dataset.snMap);
  if (!block) return null;
  try {
    return JSON.parse(block.textContent);
  } catch {
    return null;
  }
}

let leaflet = null;
function loadLeaflet() {
  if (leaflet) return leaflet;
  const css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = `${LEAFLET}leaflet.css`;
  document.head.appendChild(css);
  leaflet = new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = `${LEAFLET}leaflet.js`;
    script.onload = () => resolve(window.L);
    script.onerror = reject;
    document.head.appendChild(script);
  });
  return leaflet;
}

function drawLayer(L, map, layer) {
  switch (layer.kind) {
    case "area":
      return L.geoJSON(layer.geometry, {
        style: {
          color: BRAND,
          weight: 3,
          fillColor: BRAND,
          fillOpacity: 0.12,
          dashArray: layer.approximate ? "8 5" : null,
          className: "sn-leaflet__area",
        },
      }).addTo(map);
    case "other":
      return L.geoJSON(layer.geometry, {
        style: { color: "#505a5f", weight: 1.5, fill: false, className: "sn-leaflet__other" },
      }).addTo(map);
    case "target":
      return L.geoJSON(layer.geometry, {
        style: { color: RED, weight: 3, fillColor: RED, fillOpacity: 0.15, className: "sn-leaflet__target" },
      }).addTo(map);
    case "circle":
      return L.circle([layer.lat, layer.lng], {
        radius: layer.radius,
        color: RED,
        weight: 3,
        fillOpacity: 0.15,
        className: "sn-leaflet__target",
      }).addTo(map);
    case "points": {
      const top = Math.max(1, ...layer.points.map((p) => p[2]));
      const group = L.layerGroup();
      for (const [lat, lng, count, name] of layer.points) {
        L.circleMarker([lat, lng], {
          radius: 3 + 9 * Math.sqrt(count / top),
          color: "#ffffff",
          weight: 1,
          fillColor: RED,
          fillOpacity: 0.75,
          className: "sn-leaflet__point",
        })
          .bindTooltip(`${name}: ${count}`)
          .addTo(group);
      }
      return group.addTo(map);
    }
    case "image":
      return L.imageOverlay(layer.url, layer.bounds, { opacity: 0.7, className: "sn-leaflet__grid" }).addTo(map);
    default:
      return null;
  }
}

async function enhance(figure) {
  const data = readLayers(figure);
  if (!data || !data.tiles || !data.tiles.url) return;
  const L = await loadLeaflet();
  const box = document.createElement("div");
  box.className = "sn-leaflet";
  box.setAttribute("role", "region");
  box.setAttribute("aria-label", `${data.title} (street map)`);
  const picture = figure.querySelector("svg");
  figure.insertBefore(box, picture || figure.firstChild);
  if (picture) picture.classList.add("sn-map--replaced");
  const map = L.map(box, { scrollWheelZoom: false, maxZoom: Number(data.tiles.max_zoom) || 19 });
  L.tileLayer(data.tiles.url, {
    attribution: data.tiles.attribution || "",
    maxZoom: Number(data.tiles.max_zoom) || 19,
  }).addTo(map);
  for (const layer of data.layers || []) drawLayer(L, map, layer);
  map.fitBounds(data.bounds, { padding: [8, 8] });
  box.snMap = map; // for the browser tests, which check the shapes sit on the right tiles
  figure.dataset.snMapReady = "true";
  figure.dispatchEvent(new CustomEvent("sn-map-ready", { bubbles: true, detail: { map, L } }));
}

for (const figure of document.querySelectorAll("[data-sn-map]")) {
  enhance(figure).catch(() => {
    // Leaflet failed to load: the SVG stays.
    const picture = figure.querySelector("svg");
    if (picture) picture.classList.remove("sn-map--replaced");
  });
}
