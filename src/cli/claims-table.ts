/**
 * The claims table `untangle essay` and `untangle report` end with: the same
 * claims and verdicts the HTML report shows, aligned for a terminal.
 */
import type { ReportedClaim } from '../report/build.js';
import type { Claim } from '../experiments/index.js';
import { formatTable, type Tone } from './table.js';

const TONE: Record<Claim['verdict'], Tone> = { holds: 'green', partly: 'yellow', 'does not hold': 'red' };

/** The claims as an aligned table `width` cells wide (claim and measurement wrap). */
export function claimsTable(claims: readonly ReportedClaim[], options: { colour?: boolean; width?: number } = {}): string {
  const width = Math.max(60, options.width ?? 100);
  // Fixed: id (3), verdict (13), three gaps of 2; the rest is shared 40/60 by the two texts.
  const free = width - 3 - 13 - 6;
  const claimWidth = Math.floor(free * 0.4);
  return formatTable(
    [
      { header: '#' },
      { header: 'claim', maxWidth: claimWidth },
      { header: 'measured', maxWidth: free - claimWidth },
      { header: 'verdict' },
    ],
    claims.map(({ experiment, claim }) => [experiment.toUpperCase(), claim.text, claim.measured, { text: claim.verdict, tone: TONE[claim.verdict] }]),
    { colour: options.colour ?? false },
  );
}
