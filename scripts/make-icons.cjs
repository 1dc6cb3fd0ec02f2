#!/usr/bin/env node
// Draws the add-in's icon (an envelope with an outgoing arrow on a blue tile) at every size the
// manifest uses, with 4x4 supersampling. Run once when the design changes; the PNGs are committed.
const fs = require("fs");
const path = require("path");
const { PNG } = require("pngjs");

const SIZES = [16, 20, 24, 32, 40, 48, 64, 80, 128];
const BLUE = [15, 108, 189];
const WHITE = [255, 255, 255];

// Shapes in a 0..1 unit square; each returns true when (x, y) is inside.
function roundedRect(x, y, x0, y0, x1, y1, r) {
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r && x >= x0 && x <= x1 && y >= y0 && y <= y1;
}
function segment(x, y, ax, ay, bx, by, w) {
  const dx = bx - ax,
    dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return (x - ax - t * dx) ** 2 + (y - ay - t * dy) ** 2 <= (w / 2) ** 2;
}
function envelopeOutline(x, y, w) {
  const [x0, y0, x1, y1] = [0.16, 0.3, 0.7, 0.72];
  return (
    segment(x, y, x0, y0, x1, y0, w) ||
    segment(x, y, x1, y0, x1, y1, w) ||
    segment(x, y, x1, y1, x0, y1, w) ||
    segment(x, y, x0, y1, x0, y0, w) ||
    segment(x, y, x0, y0, (x0 + x1) / 2, 0.52, w) ||
    segment(x, y, (x0 + x1) / 2, 0.52, x1, y0, w)
  );
}
function arrow(x, y, w) {
  return (
    segment(x, y, 0.62, 0.62, 0.86, 0.62, w) ||
    segment(x, y, 0.86, 0.62, 0.77, 0.53, w) ||
    segment(x, y, 0.86, 0.62, 0.77, 0.71, w)
  );
}

function colourAt(x, y, size) {
  const stroke = Math.max(0.075, 1.6 / size);
  if (!roundedRect(x, y, 0, 0, 1, 1, 0.18)) return null;
  // The arrow sits on a blue halo so it reads over the envelope at small sizes.
  if (arrow(x, y, stroke)) return WHITE;
  if (arrow(x, y, stroke * 2.6)) return BLUE;
  if (envelopeOutline(x, y, stroke)) return WHITE;
  return BLUE;
}

function draw(size) {
  const png = new PNG({ width: size, height: size });
  const S = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (let sy = 0; sy < S; sy++) {
        for (let sx = 0; sx < S; sx++) {
          const c = colourAt((px + (sx + 0.5) / S) / size, (py + (sy + 0.5) / S) / size, size);
          if (c) {
            r += c[0];
            g += c[1];
            b += c[2];
            a += 1;
          }
        }
      }
      const i = (py * size + px) * 4;
      png.data[i] = a ? Math.round(r / a) : 0;
      png.data[i + 1] = a ? Math.round(g / a) : 0;
      png.data[i + 2] = a ? Math.round(b / a) : 0;
      png.data[i + 3] = Math.round((a / (S * S)) * 255);
    }
  }
  return PNG.sync.write(png);
}

const out = path.resolve(__dirname, "..", "assets");
fs.mkdirSync(out, { recursive: true });
for (const size of SIZES) fs.writeFileSync(path.join(out, `icon-${size}.png`), draw(size));
console.log(`wrote ${SIZES.map((s) => `icon-${s}.png`).join(", ")} to assets/`);
