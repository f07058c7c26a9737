/**
 * Canvas drawing for the explorer: the palette, plot geometry (data → pixel
 * maps, ticks, axes), points, grids, half-planes and the 50 % contour.
 * Pure drawing: nothing here reads the page's state.
 */

/** Class colours (the report's palette: blue, orange, …). */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9'];
export const PALETTE_RGB = PALETTE.map(hexToRgb);
export const INK = '#222';
export const FRAME = '#888';
export const GRID_INK = 'rgba(70, 70, 70, 0.42)';
export const BOUNDARY_INK = '#1d1d1d';
export const CANVAS_SIZE = 440;
export const MARGIN = { left: 46, right: 12, top: 16, bottom: 42 }; // a square plot area

export function hexToRgb(hex) {
  const v = parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

export function prepareCanvas(canvas) {
  const dpr = Math.max(1, Math.min(3, window.devicePixelRatio || 1));
  const px = Math.round(CANVAS_SIZE * dpr);
  if (canvas.width !== px || canvas.height !== px) {
    canvas.width = px;
    canvas.height = px;
    canvas.style.width = `${CANVAS_SIZE}px`;
    canvas.style.height = `${CANVAS_SIZE}px`;
  }
  const ctx = canvas.getContext('2d');
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, CANVAS_SIZE, CANVAS_SIZE);
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, CANVAS_SIZE, CANVAS_SIZE);
  return ctx;
}

/** The plot rectangle and the data → pixel maps for a box; `equal` keeps one unit the same length on both axes. */
export function plotMap(xmin, xmax, ymin, ymax, equal) {
  const rect = { x: MARGIN.left, y: MARGIN.top, w: CANVAS_SIZE - MARGIN.left - MARGIN.right, h: CANVAS_SIZE - MARGIN.top - MARGIN.bottom };
  if (!(xmax > xmin)) { xmin -= 0.5; xmax += 0.5; }
  if (!(ymax > ymin)) { ymin -= 0.5; ymax += 0.5; }
  if (equal) {
    const sx = (xmax - xmin) / rect.w, sy = (ymax - ymin) / rect.h;
    if (sx > sy) {
      const extra = (sx * rect.h - (ymax - ymin)) / 2;
      ymin -= extra; ymax += extra;
    } else {
      const extra = (sy * rect.w - (xmax - xmin)) / 2;
      xmin -= extra; xmax += extra;
    }
  }
  return {
    rect, xmin, xmax, ymin, ymax,
    X: (v) => rect.x + ((v - xmin) / (xmax - xmin)) * rect.w,
    Y: (v) => rect.y + (1 - (v - ymin) / (ymax - ymin)) * rect.h,
  };
}

export function niceTicks(lo, hi, target = 5) {
  const span = hi - lo;
  if (!(span > 0)) return [lo];
  const raw = span / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((f) => f * mag).find((s) => span / s <= target + 0.5) ?? 10 * mag;
  const ticks = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + 1e-9 * span; v += step) ticks.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return ticks;
}

/** v with the fewest decimals (≤ 4) that write every tick exactly. */
export function tickLabel(v, ticks) {
  const scale = Math.max(...ticks.map(Math.abs), 1e-12);
  let digits = 0;
  while (digits < 4 && ticks.some((t) => Math.abs(Number(t.toFixed(digits)) - t) > 1e-9 * scale)) digits++;
  return (Math.abs(v) < 1e-9 * scale ? 0 : v).toFixed(digits).replace('-', '−');
}

/** Frame, ticks and axis names; `yTicks: false` leaves the y axis bare. */
export function drawAxes(ctx, m, { xName = '', yName = '', xTicks = true, yTicks = true, yTickValues } = {}) {
  const { rect } = m;
  ctx.save();
  ctx.strokeStyle = FRAME;
  ctx.lineWidth = 1;
  ctx.strokeRect(rect.x + 0.5, rect.y + 0.5, rect.w - 1, rect.h - 1);
  ctx.fillStyle = '#444';
  ctx.font = '11px system-ui, sans-serif';
  ctx.beginPath();
  if (xTicks) {
    const ticks = niceTicks(m.xmin, m.xmax, 6);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (const t of ticks) {
      const x = Math.round(m.X(t)) + 0.5;
      ctx.moveTo(x, rect.y + rect.h);
      ctx.lineTo(x, rect.y + rect.h + 4);
      ctx.fillText(tickLabel(t, ticks), x, rect.y + rect.h + 6);
    }
  }
  if (yTicks) {
    const ticks = yTickValues ?? niceTicks(m.ymin, m.ymax, 6);
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const t of ticks) {
      const y = Math.round(m.Y(t)) + 0.5;
      ctx.moveTo(rect.x, y);
      ctx.lineTo(rect.x - 4, y);
      ctx.fillText(tickLabel(t, ticks), rect.x - 6, y);
    }
  }
  ctx.stroke();
  ctx.fillStyle = '#333';
  ctx.font = 'italic 12px system-ui, sans-serif';
  if (xName) {
    ctx.textAlign = 'right';
    ctx.textBaseline = 'bottom';
    ctx.fillText(xName, rect.x + rect.w, CANVAS_SIZE - 2);
  }
  if (yName) {
    ctx.save();
    ctx.translate(11, rect.y);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    ctx.fillText(yName, 0, 0);
    ctx.restore();
  }
  ctx.restore();
}

export function clipToPlot(ctx, m) {
  ctx.beginPath();
  ctx.rect(m.rect.x, m.rect.y, m.rect.w, m.rect.h);
  ctx.clip();
}

export function drawPoints(ctx, xy, labels, X, Y, radius = 3) {
  ctx.lineWidth = 0.8;
  ctx.strokeStyle = 'rgba(0, 0, 0, 0.55)';
  // Draw class by class, the later ones on top, interleaved enough to not hide a class.
  for (let i = 0; i < labels.length; i++) {
    ctx.beginPath();
    ctx.arc(X(xy[2 * i]), Y(xy[2 * i + 1]), radius, 0, 2 * Math.PI);
    ctx.fillStyle = PALETTE[labels[i] % PALETTE.length];
    ctx.fill();
    ctx.stroke();
  }
}

/** A small offscreen canvas holding an RGBA image of `n`×`n` pixels. */
export function offscreen(n) {
  const c = document.createElement('canvas');
  c.width = n;
  c.height = n;
  return c;
}

/** Light tint of class k's colour: a = 0 is white, a = 1 the full colour. */
export function tint(k, a) {
  const [r, g, b] = PALETTE_RGB[k % PALETTE_RGB.length];
  return [255 + (r - 255) * a, 255 + (g - 255) * a, 255 + (b - 255) * a];
}

/** Zero contour of f (N×N, row-major) as segments in (column, row) units. */
export function marchingSquares(f, N, segment) {
  const lerp = (a, b) => a / (a - b);
  for (let r = 0; r + 1 < N; r++) {
    for (let c = 0; c + 1 < N; c++) {
      const a = f[r * N + c], b = f[r * N + c + 1], d = f[(r + 1) * N + c], e = f[(r + 1) * N + c + 1];
      const pts = [];
      if ((a > 0) !== (b > 0)) pts.push([c + lerp(a, b), r]);
      if ((b > 0) !== (e > 0)) pts.push([c + 1, r + lerp(b, e)]);
      if ((d > 0) !== (e > 0)) pts.push([c + lerp(d, e), r + 1]);
      if ((a > 0) !== (d > 0)) pts.push([c, r + lerp(a, d)]);
      if (pts.length === 2) segment(pts[0][0], pts[0][1], pts[1][0], pts[1][1]);
      else if (pts.length === 4) {
        segment(pts[0][0], pts[0][1], pts[1][0], pts[1][1]);
        segment(pts[2][0], pts[2][1], pts[3][0], pts[3][1]);
      }
    }
  }
}

export function drawGridLines(ctx, grid, lines, perLine, X, Y) {
  if (lines === 0) return;
  ctx.beginPath();
  for (let k = 0; k < lines; k++) {
    for (let j = 0; j < perLine; j++) {
      const i = k * perLine + j;
      const px = X(grid[2 * i]), py = Y(grid[2 * i + 1]);
      if (j === 0) ctx.moveTo(px, py);
      else ctx.lineTo(px, py);
    }
  }
  ctx.strokeStyle = GRID_INK;
  ctx.lineWidth = 0.8;
  ctx.stroke();
}

/** Faint class tints on either side of normal·h + offset = 0 over the plot (class 1 where positive). */
export function drawHalfPlanes(ctx, m, normal, offset) {
  const f = (x, y) => normal[0] * x + normal[1] * y + offset;
  const corners = [[m.xmin, m.ymin], [m.xmax, m.ymin], [m.xmax, m.ymax], [m.xmin, m.ymax]];
  const colour = (k) => {
    const [r, g, b] = tint(k, 0.16);
    return `rgb(${r | 0},${g | 0},${b | 0})`;
  };
  ctx.fillStyle = colour(0);
  ctx.fillRect(m.rect.x, m.rect.y, m.rect.w, m.rect.h);
  // The positive side: the plot box clipped by the half-plane (Sutherland–Hodgman, one edge).
  const poly = [];
  for (let i = 0; i < 4; i++) {
    const p = corners[i], q = corners[(i + 1) % 4];
    const fp = f(p[0], p[1]), fq = f(q[0], q[1]);
    if (fp > 0) poly.push(p);
    if ((fp > 0) !== (fq > 0)) {
      const t = fp / (fp - fq);
      poly.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
    }
  }
  if (poly.length < 3) return;
  ctx.beginPath();
  poly.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(m.X(x), m.Y(y)) : ctx.lineTo(m.X(x), m.Y(y))));
  ctx.closePath();
  ctx.fillStyle = colour(1);
  ctx.fill();
}
