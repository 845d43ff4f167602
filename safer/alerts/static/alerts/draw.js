// Drawing a circle or a shape on the compose page's map (alerts/staff/_drawmap.html). The typed
// fields (centre, radius, corners) stay the source of truth: what is drawn is written into them, and
// what they hold is what the map shows. Without JavaScript the map is a picture and the buttons stay
// hidden; the typed fields are also the route for keyboard and screen-reader users.
const svg = document.querySelector("[data-sn-draw-map]");
const form = svg && svg.closest("form");

if (svg && form && window.DOMPoint) {
  const SVG_NS = "http://www.w3.org/2000/svg";
  const METRES_PER_DEGREE = 111320; // as safer/alerts/fanout.py
  const LAT_LNG = /^\s*([+-]?\d{1,2}(?:\.\d+)?)\s*,\s*([+-]?\d{1,3}(?:\.\d+)?)\s*$/;
  const MIN_RADIUS = 50; // the form's limits
  const MAX_RADIUS = 50000;
  const SAME_POINT = 3; // SVG units: a double-click's second click is not a new corner

  // The server's projection (safer/lib/maps.py): x = (lng·k − minX)·scale, y = (maxY − lat)·scale.
  const minX = Number(svg.dataset.minX);
  const maxY = Number(svg.dataset.maxY);
  const k = Number(svg.dataset.k);
  const scale = Number(svg.dataset.scale);
  const toXY = (lat, lng) => ({ x: (lng * k - minX) * scale, y: (maxY - lat) * scale });
  const toLatLng = ({ x, y }) => ({ lat: maxY - y / scale, lng: (x / scale + minX) / k });

  const root = svg.closest(".sn-draw");
  const controls = root.querySelector("[data-sn-draw-controls]");
  const layer = svg.querySelector("[data-sn-draw-layer]");
  const status = root.querySelector("[data-sn-draw-status]");
  const modeButtons = [...controls.querySelectorAll("[data-sn-draw-mode]")];
  const actionButton = (name) => controls.querySelector(`[data-sn-draw-action="${name}"]`);
  const fields = {
    centre: form.elements.namedItem("centre"),
    radius: form.elements.namedItem("radius_m"),
    polygon: form.elements.namedItem("polygon"),
  };
  const targets = [...form.querySelectorAll('input[name="target"]')];

  let mode = null; // "circle" | "polygon" | null
  let centre = null; // SVG points of the shape being drawn
  let edge = null;
  let dragging = false;
  let corners = [];
  let pointer = null; // where the pointer is, for the polygon's next side

  const say = (text) => {
    status.textContent = text;
  };
  const fixed = (n) => n.toFixed(6).replace(/0+$/, "").replace(/\.$/, "");
  const latLngText = ({ lat, lng }) => `${fixed(lat)},${fixed(lng)}`;
  const distance = (a, b) => Math.hypot(a.x - b.x, a.y - b.y);
  const metres = (svgUnits) => (svgUnits / scale) * METRES_PER_DEGREE;

  const element = (name, attributes) => {
    const node = document.createElementNS(SVG_NS, name);
    for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
    layer.appendChild(node);
    return node;
  };
  const pointsAttr = (points) => points.map((p) => `${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(" ");

  const target = () => (targets.find((t) => t.checked) || {}).value;
  const chooseTarget = (value) => {
    const radio = targets.find((t) => t.value === value);
    if (radio && !radio.checked) {
      radio.checked = true;
      radio.dispatchEvent(new Event("change", { bubbles: true }));
    }
  };
  const setField = (field, value) => {
    if (!field) return;
    field.value = value;
    field.dispatchEvent(new Event("input", { bubbles: true }));
  };

  // What the typed fields hold, as it will be sent (fanout.circle: an ellipse in degrees).
  const typedCircle = () => {
    const match = LAT_LNG.exec(fields.centre ? fields.centre.value : "");
    const radius = Number(fields.radius ? fields.radius.value : "");
    if (!match || !(radius > 0)) return null;
    const lat = Number(match[1]);
    const lng = Number(match[2]);
    const cosLat = Math.max(Math.cos((lat * Math.PI) / 180), 0.01);
    return {
      ...toXY(lat, lng),
      rx: (radius / (METRES_PER_DEGREE * cosLat)) * k * scale,
      ry: (radius / METRES_PER_DEGREE) * scale,
    };
  };
  const typedCorners = () => {
    const lines = (fields.polygon ? fields.polygon.value : "").split("\n").filter((l) => l.trim());
    const matches = lines.map((l) => LAT_LNG.exec(l));
    if (matches.length < 3 || matches.some((m) => !m)) return null;
    return matches.map((m) => toXY(Number(m[1]), Number(m[2])));
  };

  const render = () => {
    layer.replaceChildren();
    const drawingHere = mode !== null && (centre || corners.length);
    if (!drawingHere && target() === "circle") {
      const c = typedCircle();
      if (c) element("ellipse", { class: "sn-draw__shape", cx: c.x, cy: c.y, rx: c.rx, ry: c.ry });
    }
    if (!drawingHere && target() === "polygon") {
      const points = typedCorners();
      if (points) element("polygon", { class: "sn-draw__shape", points: pointsAttr(points) });
    }
    if (mode === "circle" && centre) {
      if (edge) {
        element("circle", {
          class: "sn-draw__shape sn-draw__shape--pending",
          cx: centre.x,
          cy: centre.y,
          r: distance(centre, edge),
        });
      }
      element("circle", { class: "sn-draw__vertex", cx: centre.x, cy: centre.y, r: 4 });
    }
    if (mode === "polygon" && corners.length) {
      const open = pointer ? [...corners, pointer] : corners;
      element("polyline", { class: "sn-draw__shape sn-draw__shape--pending", points: pointsAttr(open) });
      for (const p of corners) element("circle", { class: "sn-draw__vertex", cx: p.x, cy: p.y, r: 4 });
    }
    actionButton("finish").disabled = !(mode === "polygon" && corners.length >= 3);
    actionButton("undo").disabled = !(mode === "polygon" ? corners.length : centre);
  };

  const setMode = (next) => {
    mode = next;
    centre = edge = pointer = null;
    corners = [];
    dragging = false;
    for (const button of modeButtons) button.setAttribute("aria-pressed", String(button.dataset.snDrawMode === mode));
    if (mode) svg.setAttribute("data-sn-draw-active", "");
    else svg.removeAttribute("data-sn-draw-active");
    render();
  };

  const finishCircle = () => {
    const wanted = Math.round(metres(distance(centre, edge)));
    const radius = Math.min(Math.max(wanted, MIN_RADIUS), MAX_RADIUS);
    const middle = toLatLng(centre);
    setField(fields.centre, latLngText(middle));
    setField(fields.radius, String(radius));
    chooseTarget("circle");
    setMode(null);
    const note = radius !== wanted ? ` (a circle must be between ${MIN_RADIUS} and ${MAX_RADIUS} metres)` : "";
    say(
      `Circle drawn: centre ${latLngText(middle)}, radius ${radius} metres${note}. ` +
        "It is in the centre and radius boxes. Choose “Check reach and preview” to see who it reaches.",
    );
  };

  const finishPolygon = () => {
    if (corners.length < 3) {
      say("A shape needs at least 3 corners.");
      return;
    }
    const count = corners.length;
    setField(fields.polygon, corners.map((p) => latLngText(toLatLng(p))).join("\n"));
    chooseTarget("polygon");
    setMode(null);
    say(
      `Shape drawn with ${count} corners. They are in the corners box. ` +
        "Choose “Check reach and preview” to see who it reaches.",
    );
  };

  const at = (event) => {
    const matrix = svg.getScreenCTM();
    if (!matrix) return null;
    const p = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix.inverse());
    return { x: p.x, y: p.y };
  };

  svg.addEventListener("pointerdown", (event) => {
    if (mode !== "circle" || !event.isPrimary) return;
    const p = at(event);
    if (!p) return;
    event.preventDefault();
    if (centre) {
      // The second click (or tap: touch has no hover, so no move came first) sets the edge.
      if (distance(centre, p) > SAME_POINT) {
        edge = p;
        finishCircle();
      }
      return;
    }
    centre = p;
    edge = null;
    dragging = true;
    svg.setPointerCapture(event.pointerId);
    say("Centre set. Now click the edge of the circle, or drag out to it.");
    render();
  });

  svg.addEventListener("pointermove", (event) => {
    const p = at(event);
    if (!p) return;
    if (mode === "circle" && centre) {
      edge = p;
      render();
    } else if (mode === "polygon" && corners.length) {
      pointer = p;
      render();
    }
  });

  svg.addEventListener("pointerup", () => {
    if (mode === "circle" && dragging && centre && edge && distance(centre, edge) > SAME_POINT) {
      finishCircle(); // dragged out from the centre
    }
    dragging = false;
  });

  svg.addEventListener("click", (event) => {
    if (mode !== "polygon") return;
    const p = at(event);
    if (!p) return;
    const last = corners[corners.length - 1];
    if (last && distance(last, p) <= SAME_POINT) return;
    corners.push(p);
    say(`Corner ${corners.length} added.${corners.length >= 3 ? " Double-click or choose “Finish shape” to close it." : ""}`);
    render();
  });

  svg.addEventListener("dblclick", (event) => {
    if (mode !== "polygon") return;
    event.preventDefault();
    finishPolygon();
  });

  for (const button of modeButtons) {
    button.addEventListener("click", () => {
      const next = button.dataset.snDrawMode;
      setMode(mode === next ? null : next);
      if (mode === "circle") {
        say("Click the centre of the circle on the map, then click its edge (or drag out to it).");
      } else if (mode === "polygon") {
        say("Click each corner on the map. Double-click the last corner, or choose “Finish shape”, to close it.");
      } else {
        say("Stopped drawing.");
      }
    });
  }

  actionButton("finish").addEventListener("click", finishPolygon);

  actionButton("undo").addEventListener("click", () => {
    if (mode === "polygon" && corners.length) {
      corners.pop();
      say(corners.length ? `Corner removed: ${corners.length} left.` : "All corners removed.");
    } else if (mode === "circle" && centre) {
      centre = edge = null;
      say("Centre removed. Click the centre again.");
    }
    render();
  });

  actionButton("clear").addEventListener("click", () => {
    const kind = mode || target();
    if (kind === "circle") {
      setField(fields.centre, "");
      setField(fields.radius, "");
    } else if (kind === "polygon") {
      setField(fields.polygon, "");
    }
    const again = mode;
    setMode(again); // start the same tool afresh
    say(kind === "circle" ? "Circle cleared." : kind === "polygon" ? "Shape cleared." : "Nothing to clear.");
  });

  // Typing in the boxes, or choosing another target, redraws the map from what the boxes hold.
  for (const field of Object.values(fields)) if (field) field.addEventListener("input", render);
  for (const radio of targets) radio.addEventListener("change", render);

  controls.hidden = false;
  render();
}
