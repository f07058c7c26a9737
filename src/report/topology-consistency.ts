/**
 * Why two barcodes of the same class, before and after a homeomorphism, give different
 * Betti numbers. The topology did not change, so one of the estimates is wrong; the
 * barcodes tell which of the usual causes is at work:
 *
 *   - near the cut: a bar's length is within a factor 2 of the rule's cut, so a modest
 *     change of proportions moves it across (the count is fragile, not the shape);
 *   - thin: the feature in the dimension that changed is only a few sampling spacings wide
 *     (its longest bar dies within 4 spacings of where it is born, or the longest bar is
 *     shorter than 4 spacings): a layer that stretches the class thin — the essay's
 *     "easy way out" — leaves too few points across the feature for any Rips complex
 *     to see it;
 *   - truncated: the filtration stopped at its edge budget before the rule's scale.
 */
import { barLength, type CloudBarcode } from '../topology/index.js';

// The longest bar of dimension p; in dimension 0 the one that outlives all is skipped
// (the whole class is always one component at the end), so the second longest is meant.
function longest(b: CloudBarcode, p: number): number {
  const lengths = (b.bars[p] ?? []).map((bar) => barLength(bar, b.thresholds[p] ?? b.threshold)).sort((x, y) => y - x);
  return lengths[p === 0 ? 1 : 0] ?? 0;
}

/** A sentence naming the likely causes, with the numbers behind them. */
export function consistencyReason(before: CloudBarcode, after: CloudBarcode, expected: number[], got: number[]): string {
  const reasons: string[] = [];
  const dims = expected.map((_, p) => p).filter((p) => expected[p] !== got[p]);
  for (const p of dims) {
    for (const [which, b] of [['before', before], ['after', after]] as const) {
      const l = longest(b, p);
      const inSpacings = b.spacing > 0 ? l / b.spacing : Infinity;
      if (l === 0) reasons.push(`${which} the layer there is no β${p} bar at all: the complex joins points across the feature from the first scale on (it is thinner than the sampling resolution)`);
      else if (l > b.cut / 2 && l < 2 * b.cut) reasons.push(`${which} the layer the longest β${p} bar (${fmt(l)}) is within a factor 2 of the cut ${fmt(b.cut)}`);
      else if (inSpacings < 4) reasons.push(`${which} the layer the longest β${p} bar is only ${fmt(inSpacings)} sampling spacing${inSpacings === 1 ? '' : 's'} long (a feature too thin for the sample)`);
    }
  }
  if (before.truncated || after.truncated) reasons.push('the filtration was stopped by its edge budget before the rule\'s scale');
  if (reasons.length === 0) {
    const l = dims.map((p) => `β${p}: longest bar ${fmt(longest(before, p) / before.cut)} × cut before, ${fmt(longest(after, p) / after.cut)} × cut after`);
    reasons.push(`the layer changed the class's proportions so the rule's cut (0.1 × diameter) now falls elsewhere in the barcode (${l.join('; ')})`);
  }
  return `a homeomorphism cannot change (${expected.join(', ')}) into (${got.join(', ')}): ${reasons.join('; ')}`;
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toPrecision(3);
}
