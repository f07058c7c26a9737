import { Random } from '../engine/random.js';
import type { Dataset } from './dataset.js';
import { checkCount, checkPositive, checkSeed } from './params.js';

/** Options of {@link linkedTori}. */
export interface LinkedToriOptions {
  n?: number;
  tube?: number;
  radius?: number;
  seed?: number;
}

export const LINKED_TORI_DEFAULTS = { n: 1000, tube: 0.25, radius: 1, seed: 1 } as const;

/**
 * Two solid tori in ℝ³ linked like chain rings.
 * Class 0: core circle of radius R = `radius` in the xy-plane, centred at the origin.
 * Class 1: core circle of radius R in the xz-plane, centred at (R, 0, 0).
 * Each core circle passes through the other's centre, and every point of one core circle
 * is at distance exactly R from the other, so the solid tori (tube radius t = `tube`) are
 * disjoint exactly when t < R/2; larger tubes are rejected.
 *
 * Points are uniform in the solid torus volume. In tube coordinates (angle φ along the
 * core, distance s ≤ t and angle ψ in the cross-section) the volume element is
 * s·(R + s·cos ψ) ds dψ dφ: φ is drawn uniform, (s, ψ) uniform on the cross-section disk
 * and then kept with probability (R + s·cos ψ)/(R + t) (rejection sampling; acceptance ≥ 1/3).
 *
 * Defaults: n = 1000, tube = 0.25, radius = 1, seed = 1. Rows alternate class 0, 1, 0, …;
 * class 0 gets ⌈n/2⌉ points. Domain [−R−t, 2R+t] × [−R−t, R+t]² plus a margin of 5% of R.
 */
export function linkedTori(options: LinkedToriOptions = {}): Dataset {
  const { n, tube, radius, seed } = { ...LINKED_TORI_DEFAULTS, ...options };
  checkCount('linked-tori', n);
  checkPositive('linked-tori', 'radius', radius);
  checkPositive('linked-tori', 'tube', tube);
  if (!(tube < radius / 2)) {
    throw new Error(`linked-tori: tube must be < radius/2 = ${radius / 2} or the tori intersect, got ${tube}`);
  }
  checkSeed('linked-tori', seed);

  const R = radius;
  const rng = new Random(seed);
  const x = new Float32Array(n * 3);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 2;
    let s: number, psi: number;
    do {
      s = tube * Math.sqrt(rng.uniform());
      psi = rng.range(0, 2 * Math.PI);
    } while (rng.uniform() * (R + tube) >= R + s * Math.cos(psi));
    const phi = rng.range(0, 2 * Math.PI);
    const rho = R + s * Math.cos(psi); // distance from the core circle's axis
    const h = s * Math.sin(psi); // offset along that axis
    if (c === 0) {
      x[3 * i] = rho * Math.cos(phi);
      x[3 * i + 1] = rho * Math.sin(phi);
      x[3 * i + 2] = h;
    } else {
      x[3 * i] = R + rho * Math.cos(phi);
      x[3 * i + 1] = h;
      x[3 * i + 2] = rho * Math.sin(phi);
    }
    y[i] = c;
  }
  const m = 0.05 * R;
  const e = R + tube + m;
  return {
    name: 'linked-tori',
    x,
    y,
    n,
    dim: 3,
    classes: 2,
    domain: { min: [-e, -e, -e], max: [R + e, e, e] },
    params: { n, tube, radius, seed },
  };
}
