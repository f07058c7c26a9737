import { describe, it, expect, beforeAll } from 'vitest';
import { createEngine, type Engine } from '../../src/engine/engine.js';
import { Model } from '../../src/model/model.js';
import { diskAnnulus } from '../../src/data/index.js';
import { topologyReport, type ClassTopology } from '../../src/report/topology.js';
import { topologyTableHtml } from '../../src/report/topology-html.js';

/**
 * The report's consistency check on hand-set linear layers, whose effect on the topology
 * is known: a similarity (0.5 · I) changes nothing — the k-NN graph, hence the barcode, is
 * the same — while squashing one axis by 100 is still a homeomorphism but leaves the
 * annulus's hole far thinner than the sampling resolution, so the estimate must be flagged.
 */

let engine: Engine;
beforeAll(async () => { engine = await createEngine(); });

function handSet(): Model {
  const model = Model.create(engine, {
    inputs: 2,
    layers: [{ units: 2, activation: 'linear' }, { units: 2, activation: 'linear' }, { units: 2, activation: 'linear' }],
    seed: 1,
  });
  // Per layer: weights (units × inputs, row-major), then the bias.
  model.setParameters(Float32Array.from([
    0.5, 0, 0, 0.5, 0, 0,
    1, 0, 0, 0.01, 0, 0,
    1, 0, 0, 1, 0, 0,
  ]));
  return model;
}

const cls = (e: unknown): ClassTopology => {
  if (e === null || typeof e !== 'object' || 'error' in e) throw new Error(`no barcode: ${JSON.stringify(e)}`);
  return e as ClassTopology;
};

describe('topologyReport: barcodes checked against the maps', () => {
  it('the input reads disk (1, 0) and annulus (1, 1); a similarity agrees exactly; a 100× squash is flagged with its reason', () => {
    const data = diskAnnulus({ n: 600, seed: 3 });
    const model = handSet();
    try {
      const t = topologyReport(model, data);
      expect(t.layers.map((l) => l.homeomorphism)).toEqual([true, true, true]);
      const input = t.representations[0]!.betti.map(cls);
      const annulusClass = input.findIndex((b) => b.betti[1] === 1);
      expect(annulusClass).toBeGreaterThanOrEqual(0);
      expect(input[1 - annulusClass]!.betti).toEqual([1, 0]);
      expect(input.every((b) => b.consistency === 'free')).toBe(true);

      const half = t.representations[1]!.betti.map(cls);
      for (const c of [0, 1]) {
        expect(half[c]!.consistency).toBe('agrees');
        expect(half[c]!.bars).toEqual(input[c]!.bars);
      }

      const squashed = cls(t.representations[2]!.betti[annulusClass]);
      expect(squashed.betti).not.toEqual([1, 1]);
      expect(squashed.consistency).toBe('unreliable');
      expect(squashed.expected).toEqual([1, 1]);
      expect(squashed.reason).toMatch(/^a homeomorphism cannot change \(1, 1\) into/);

      // The identity after it agrees with what the maps force, not with the bad estimate.
      const after = cls(t.representations[3]!.betti[annulusClass]);
      expect(after.expected).toEqual([1, 1]);

      // Every class after a homeomorphism is checked, and every disagreement carries a reason.
      for (const r of t.representations.slice(1)) {
        for (const e of r.betti.map(cls)) {
          expect(e.consistency).not.toBe('free');
          expect(e.consistency === 'unreliable').toBe(e.reason !== null);
          expect(e.consistency === 'agrees' ? e.betti : e.expected).toEqual(e.expected);
        }
      }

      const html = topologyTableHtml(t);
      expect(html).toContain('unreliable');
      expect(html.match(/<svg /g)!.length).toBe(2 * 4);
      expect(html).toContain('by the maps');
    } finally {
      model.dispose();
    }
  });

  it('states the rule with its numbers and the metric', () => {
    const model = handSet();
    try {
      const t = topologyReport(model, diskAnnulus({ n: 300, seed: 4 }), { metric: 'euclidean' });
      const b = cls(t.representations[0]!.betti[0]);
      expect(b.metric).toBe('Euclidean');
      expect(b.scaleRule).toMatch(/^bars longer than max\(0\.1 × D, 2 × spacing\) = [\d.]+ \(D = [\d.]+, spacing [\d.]+\), filtration up to [\d.]+$/);
      expect(b.landmarks).toBeNull(); // 150 points a class: below the 300 landmarks
      expect(t.version).toBe(2);
    } finally {
      model.dispose();
    }
  });
});
