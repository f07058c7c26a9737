/**
 * Geometry of the representation views: bounding boxes, the 3-D orbit
 * projection with the class plane clipped to the box, and a 2-D PCA for
 * representations wider than 3 (signs kept stable between frames).
 */

/** Bounding box of row-major pairs. */
export function bbox2(...arrays) {
  let xmin = Infinity, xmax = -Infinity, ymin = Infinity, ymax = -Infinity;
  for (const a of arrays) {
    for (let i = 0; i + 1 < a.length; i += 2) {
      const x = a[i], y = a[i + 1];
      if (!(Number.isFinite(x) && Number.isFinite(y))) continue;
      if (x < xmin) xmin = x;
      if (x > xmax) xmax = x;
      if (y < ymin) ymin = y;
      if (y > ymax) ymax = y;
    }
  }
  return { xmin, xmax, ymin, ymax };
}

export function projector3(az, el, centre) {
  const ca = Math.cos(az), sa = Math.sin(az), ce = Math.cos(el), se = Math.sin(el);
  return (x, y, z) => {
    x -= centre[0]; y -= centre[1]; z -= centre[2];
    const x1 = ca * x + sa * y, y1 = -sa * x + ca * y;
    return [x1, z * ce + y1 * se];
  };
}

export function project3(array, proj) {
  const n = array.length / 3;
  const out = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    const [X, Y] = proj(array[3 * i], array[3 * i + 1], array[3 * i + 2]);
    out[2 * i] = X;
    out[2 * i + 1] = Y;
  }
  return out;
}

/** Corners of the polygon where the plane n·h + c = 0 cuts the box [lo, hi]³. */
export function planeInBox(normal, offset, lo, hi) {
  const pts = [];
  const corner = (b) => [0, 1, 2].map((a) => ((b >> a) & 1 ? hi[a] : lo[a]));
  for (let b = 0; b < 8; b++) {
    for (let a = 0; a < 3; a++) {
      if ((b >> a) & 1) continue;
      const p = corner(b), q = corner(b | (1 << a));
      const fp = normal[0] * p[0] + normal[1] * p[1] + normal[2] * p[2] + offset;
      const fq = normal[0] * q[0] + normal[1] * q[1] + normal[2] * q[2] + offset;
      if ((fp > 0) === (fq > 0)) continue;
      const t = fp / (fp - fq);
      pts.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1]), p[2] + t * (q[2] - p[2])]);
    }
  }
  return pts;
}

export function pca2(points, w, prev) {
  const n = points.length / w;
  const mean = new Float64Array(w);
  for (let i = 0; i < n; i++) for (let a = 0; a < w; a++) mean[a] += points[i * w + a] / n;
  const cov = new Float64Array(w * w);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < w; a++) {
      const da = points[i * w + a] - mean[a];
      for (let b = a; b < w; b++) cov[a * w + b] += da * (points[i * w + b] - mean[b]);
    }
  }
  for (let a = 0; a < w; a++) for (let b = 0; b < a; b++) cov[a * w + b] = cov[b * w + a];
  let trace = 0;
  for (let a = 0; a < w; a++) trace += cov[a * w + a];
  const basis = [];
  const values = [];
  for (let k = 0; k < 2; k++) {
    let v = prev?.basis[k]?.slice() ?? Float64Array.from({ length: w }, (_, a) => (a === k ? 1 : 0.1 / (a + 1)));
    let lambda = 0;
    for (let it = 0; it < 60; it++) {
      for (const u of basis) { const d = dot(v, u); for (let a = 0; a < w; a++) v[a] -= d * u[a]; }
      const next = new Float64Array(w);
      for (let a = 0; a < w; a++) { let s = 0; for (let b = 0; b < w; b++) s += cov[a * w + b] * v[b]; next[a] = s; }
      for (const u of basis) { const d = dot(next, u); for (let a = 0; a < w; a++) next[a] -= d * u[a]; }
      const norm = Math.hypot(...next);
      if (!(norm > 0)) break;
      lambda = norm;
      for (let a = 0; a < w; a++) next[a] /= norm;
      v = next;
    }
    if (prev?.basis[k] && dot(v, prev.basis[k]) < 0) for (let a = 0; a < w; a++) v[a] = -v[a];
    basis.push(v);
    values.push(lambda);
  }
  return { mean, basis, explained: trace > 0 ? (values[0] + values[1]) / trace : 1 };
}

export function dot(u, v) {
  let s = 0;
  for (let a = 0; a < u.length; a++) s += u[a] * v[a];
  return s;
}

export function projectPca(array, w, pca) {
  const n = array.length / w;
  const out = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    let x = 0, y = 0;
    for (let a = 0; a < w; a++) {
      const d = array[i * w + a] - pca.mean[a];
      x += d * pca.basis[0][a];
      y += d * pca.basis[1][a];
    }
    out[2 * i] = x;
    out[2 * i + 1] = y;
  }
  return out;
}
