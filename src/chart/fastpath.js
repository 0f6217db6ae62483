// Meshboard chart fast path: builds a whole series' path from a typed array in one call, so
// wasm crosses into JS once per series instead of once per vertex. Loaded by wasm-bindgen as a
// module snippet (a separate file: no inline script, CSP-safe). Styles are set by the caller.

// A polyline of interleaved x,y (CSS px) where a NaN pair lifts the pen; lone vertices (a
// single sample between gaps) become dots so they stay visible.
// Each x is snapped to the centre of its device-pixel column, as uPlot does: M4 puts up to
// four vertices in one column, and runs along a pixel centre rasterise faster (and crisper)
// than sub-pixel diagonals. The shift is under half a device pixel.
export function strokeLine(ctx, xy, dotRadius) {
  const path = new Path2D();
  const dpr = ctx.getTransform().a || 1;
  let lone = null;
  let runStart = -1;
  const n = xy.length - 1;
  for (let i = 0; i < n; i += 2) {
    const x = (Math.floor(xy[i] * dpr) + 0.5) / dpr;
    const y = xy[i + 1];
    if (x !== x || y !== y) {
      if (runStart >= 0 && runStart === i - 2) {
        lone = lone || new Path2D();
        addDot(lone, xy[runStart], xy[runStart + 1], dotRadius);
      }
      runStart = -1;
      continue;
    }
    if (runStart < 0) {
      path.moveTo(x, y);
      runStart = i;
    } else {
      path.lineTo(x, y);
    }
  }
  if (runStart >= 0 && runStart === n - 1) {
    lone = lone || new Path2D();
    addDot(lone, xy[runStart], xy[runStart + 1], dotRadius);
  }
  ctx.stroke(path);
  if (lone !== null) {
    const fill = ctx.fillStyle;
    ctx.fillStyle = ctx.strokeStyle;
    ctx.fill(lone);
    ctx.fillStyle = fill;
  }
}

// Filled areas between a top and a base line: triples x, yTop, yBase; a NaN triple ends a run.
export function fillBand(ctx, xyy) {
  const path = new Path2D();
  const len = xyy.length - (xyy.length % 3);
  let start = -1;
  for (let i = 0; i <= len; i += 3) {
    const gap = i === len || xyy[i] !== xyy[i];
    if (!gap) {
      if (start < 0) {
        start = i;
        path.moveTo(xyy[i], xyy[i + 1]);
      } else {
        path.lineTo(xyy[i], xyy[i + 1]);
      }
    } else if (start >= 0) {
      // Back along the base to where the run started.
      for (let j = i - 3; j >= start; j -= 3) {
        path.lineTo(xyy[j], xyy[j + 2]);
      }
      path.closePath();
      start = -1;
    }
  }
  ctx.fill(path);
}

// Rectangles x, y, w, h (bars and threshold bands) in one fill.
export function fillRects(ctx, rects) {
  const path = new Path2D();
  const n = rects.length - 3;
  for (let i = 0; i < n; i += 4) {
    path.rect(rects[i], rects[i + 1], rects[i + 2], rects[i + 3]);
  }
  ctx.fill(path);
}

// A dot at every vertex of an x,y array (points mode, sparse series); NaN pairs are skipped.
export function fillDots(ctx, xy, radius) {
  const path = new Path2D();
  const n = xy.length - 1;
  for (let i = 0; i < n; i += 2) {
    const x = xy[i];
    const y = xy[i + 1];
    if (x === x && y === y) addDot(path, x, y, radius);
  }
  ctx.fill(path);
}

// Independent segments x0, y0, x1, y1 (grid lines, ticks) in one stroke.
export function strokeSegments(ctx, segments) {
  const path = new Path2D();
  const n = segments.length - 3;
  for (let i = 0; i < n; i += 4) {
    path.moveTo(segments[i], segments[i + 1]);
    path.lineTo(segments[i + 2], segments[i + 3]);
  }
  ctx.stroke(path);
}

function addDot(path, x, y, r) {
  path.moveTo(x + r, y);
  path.arc(x, y, r, 0, 2 * Math.PI);
}

// A vertical gradient from y0 to y1 as the fill (or, with `stroke`, the stroke) style:
// `offsets[i]` (0 at y0, 1 at y1) takes colour i of `colors`, joined by '|' (Grafana's
// opacity, hue and scheme gradients); the colours carry their own alpha.
export function setGradient(ctx, y0, y1, offsets, colors, stroke) {
  const gradient = ctx.createLinearGradient(0, y0, 0, y1);
  const list = colors.split('|');
  for (let i = 0; i < offsets.length && i < list.length; i++) {
    gradient.addColorStop(Math.min(1, Math.max(0, offsets[i])), list[i]);
  }
  if (stroke) ctx.strokeStyle = gradient;
  else ctx.fillStyle = gradient;
}
