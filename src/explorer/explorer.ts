/**
 * The explorer's entry (built to dist/explorer.js): defines the
 * <untangle-explorer> element. A page needs only
 *
 *   <script type="module" src="dist/explorer.js"></script>
 *   <untangle-explorer url-state></untangle-explorer>
 *
 * and the two .wasm files beside dist/explorer.js (the engine fetches them from there).
 */
import { UntangleExplorer } from './element.js';

export { UntangleExplorer };
export { inPageTraining, type StartTraining, type TrainingRun, type TrainingRequest, type RunReport, type RunSnapshot } from './training-client.js';

if (!customElements.get('untangle-explorer')) customElements.define('untangle-explorer', UntangleExplorer);
