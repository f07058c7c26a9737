/**
 * The explorer's markup and style. Every part the code reaches has a
 * data-role; styles are scoped under untangle-explorer so a host page keeps its own.
 */
export const STYLE = `
untangle-explorer { display: block; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #222; --ux-line: #d8d8d8; --ux-panel: #f7f7f5; --ux-bad: #b3261e; }
untangle-explorer * { box-sizing: border-box; }
untangle-explorer .ux-body { display: flex; gap: 16px; align-items: flex-start; flex-wrap: wrap; }
untangle-explorer .ux-controls { flex: 0 0 280px; background: var(--ux-panel); border: 1px solid var(--ux-line); border-radius: 6px; padding: 10px 12px; }
untangle-explorer .ux-controls fieldset { border: 0; padding: 0; margin: 0 0 10px; }
untangle-explorer .ux-controls legend { font-weight: 600; padding: 0; margin-bottom: 2px; }
untangle-explorer .ux-row { display: flex; align-items: center; justify-content: space-between; gap: 8px; margin: 4px 0; }
untangle-explorer .ux-row input[type=number], untangle-explorer .ux-row select { width: 110px; font: inherit; padding: 1px 4px; }
untangle-explorer .ux-hint { color: #666; font-size: 12px; margin: 2px 0 4px; }
untangle-explorer .ux-error { color: var(--ux-bad); font-size: 12.5px; min-height: 1em; margin: 4px 0; white-space: pre-wrap; }
untangle-explorer .ux-buttons { display: flex; gap: 6px; margin: 6px 0; flex-wrap: wrap; }
untangle-explorer button { font: inherit; padding: 3px 10px; border: 1px solid #999; border-radius: 4px; background: #fff; cursor: pointer; }
untangle-explorer button.ux-primary { background: #1f5fa8; border-color: #1f5fa8; color: #fff; font-weight: 600; min-width: 70px; }
untangle-explorer .ux-stage { flex: 1 1 600px; min-width: 0; }
untangle-explorer .ux-stats { display: flex; gap: 18px; align-items: baseline; flex-wrap: wrap; font-variant-numeric: tabular-nums; margin-bottom: 8px; color: #666; }
untangle-explorer .ux-stats b { color: #222; font-size: 18px; font-weight: 600; margin-left: 4px; }
untangle-explorer .ux-status.ux-bad { color: var(--ux-bad); }
untangle-explorer .ux-figures { display: flex; gap: 14px; flex-wrap: wrap; }
untangle-explorer figure { margin: 0; }
untangle-explorer figure canvas { display: block; border: 1px solid var(--ux-line); border-radius: 4px; background: #fff; max-width: 100%; }
untangle-explorer figcaption { color: #555; font-size: 12.5px; margin-top: 4px; max-width: 440px; }
untangle-explorer .ux-fighead { display: flex; gap: 8px; align-items: center; justify-content: space-between; min-height: 28px; margin-bottom: 3px; }
untangle-explorer .ux-fighead h3 { font-size: 14px; margin: 0; font-weight: 600; }
untangle-explorer .ux-fighead .ux-tools { display: flex; gap: 4px; align-items: center; }
untangle-explorer .ux-fighead button { padding: 1px 6px; font-size: 12px; }
untangle-explorer section { margin-top: 14px; }
untangle-explorer section h3 { font-size: 14px; margin: 0 0 6px; font-weight: 600; }
untangle-explorer .ux-network { display: flex; gap: 6px; align-items: flex-end; flex-wrap: wrap; margin: 4px 0; }
untangle-explorer .ux-layer { display: flex; flex-direction: column; align-items: center; gap: 2px; background: #fff; border: 1px solid var(--ux-line); border-radius: 4px; padding: 3px; }
untangle-explorer .ux-layer select { font-size: 11px; width: 64px; }
untangle-explorer .ux-layer button { padding: 0 5px; font-size: 12px; line-height: 1.3; }
untangle-explorer .ux-neurons { display: flex; flex-wrap: wrap; gap: 2px; width: 56px; justify-content: center; }
untangle-explorer .ux-neuron { width: 8px; height: 8px; border-radius: 50%; background: #1f5fa8; }
untangle-explorer .ux-neuron.ux-field { border-radius: 1px; background: #009E73; }
untangle-explorer .ux-player { display: flex; gap: 8px; align-items: center; margin-top: 4px; max-width: 440px; }
untangle-explorer .ux-player input[type=range] { flex: 1; }
untangle-explorer .ux-barcodes { border-collapse: collapse; font-size: 12px; }
untangle-explorer .ux-barcodes th, untangle-explorer .ux-barcodes td { padding: 3px 6px; border-bottom: 1px solid var(--ux-line); vertical-align: top; text-align: left; font-weight: normal; }
untangle-explorer .ux-barcodes th { color: #555; white-space: nowrap; }
untangle-explorer .ux-betti { font-variant-numeric: tabular-nums; color: #333; }
untangle-explorer .ux-swatch { display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin-right: 4px; vertical-align: -1px; }
untangle-explorer .ux-drop { outline: 3px dashed #1f5fa8; outline-offset: -3px; }
untangle-explorer[compact] .ux-controls, untangle-explorer[compact] .ux-extra, untangle-explorer[compact] .ux-head { display: none; }
untangle-explorer[compact] .ux-stage { flex-basis: 320px; }
@media (max-width: 760px) { untangle-explorer .ux-controls { flex: 1 1 100%; } }
`;

const number = (role: string, label: string, attrs: string) =>
  `<div class="ux-row"><label>${label}</label><input type="number" data-role="${role}" ${attrs}></div>`;

const figure = (role: string, title: string, extra = '') => `
  <figure>
    <div class="ux-fighead"><h3 data-role="${role}-title">${title}</h3><span class="ux-tools">${extra}
      <button type="button" data-export="${role}" data-format="png" title="download as PNG">PNG</button>
      <button type="button" data-export="${role}" data-format="svg" title="download as SVG">SVG</button></span></div>
    <canvas data-role="${role}" width="440" height="440"></canvas>
    <figcaption data-role="${role}-caption"></figcaption>
  </figure>`;

export const MARKUP = `
<div class="ux-head">
  <div class="ux-row" style="justify-content:flex-start"><label>Essay figure</label>
    <select data-role="preset" aria-label="essay figure" style="width:auto"><option value="">choose…</option></select></div>
  <p class="ux-hint" data-role="note"></p>
</div>
<div class="ux-body">
  <form class="ux-controls" autocomplete="off" onsubmit="return false">
    <fieldset><legend>Data</legend>
      <div class="ux-row"><label>data set</label><select data-role="data"></select></div>
      <div data-role="data-options"></div>
      ${number('test', 'test share', 'min="0" max="0.9" step="0.05"')}
      <div class="ux-row"><label>a click adds class</label><select data-role="click-class"></select></div>
      <p class="ux-hint">Click the regions to add training points. Drop a CSV file on the page, or
        <label style="text-decoration:underline;cursor:pointer">choose one<input type="file" accept=".csv,.tsv,.txt,text/csv" data-role="csv" hidden></label>.</p>
    </fieldset>
    <fieldset><legend>Network</legend>
      <div class="ux-network" data-role="network"></div>
      <div class="ux-buttons"><button type="button" data-role="add-layer">+ layer</button><button type="button" data-role="add-field">+ field</button><button type="button" data-role="remove-layer">− layer</button></div>
      <div class="ux-row"><label>loss</label><select data-role="loss"><option value="auto">softmax / MSE</option><option value="knn">k-NN (embedding)</option></select></div>
      ${number('embed', 'embedding width', 'min="1" max="64" step="1"')}
    </fieldset>
    <fieldset><legend>Training (Adam)</legend>
      ${number('lr', 'learning rate', 'min="0.0001" max="10" step="0.001"')}
      ${number('batch', 'batch size', 'min="1" max="4096" step="1"')}
      ${number('l2', 'L2 penalty', 'min="0" max="10" step="0.0001"')}
      ${number('cl', 'contractive λ', 'min="0" max="100" step="0.01"')}
      ${number('seed', 'seed', 'min="0" max="4294967295" step="1"')}
    </fieldset>
    <fieldset><legend>Show</legend>
      <div class="ux-row"><label><input type="checkbox" data-role="show-test"> test data</label><label><input type="checkbox" data-role="discrete"> discretised</label></div>
    </fieldset>
    <fieldset><legend>Model file</legend>
      <div class="ux-buttons"><button type="button" data-role="save-model">Save</button>
        <label><button type="button" data-role="load-model">Load…</button><input type="file" accept=".json,application/json" data-role="model-file" hidden></label></div>
    </fieldset>
  </form>
  <div class="ux-stage">
    <div class="ux-buttons">
      <button type="button" class="ux-primary" data-role="train">Train</button>
      <button type="button" data-role="step" title="train one epoch">Step</button>
      <button type="button" data-role="reset" title="new weights from the seed; epoch 0">Reset</button>
    </div>
    <p class="ux-error" data-role="error" role="alert"></p>
    <div class="ux-stats">
      <span>epoch<b data-role="epoch">0</b></span>
      <span>loss<b data-role="loss-value">–</b></span>
      <span>accuracy<b data-role="accuracy">–</b></span>
      <span>test loss<b data-role="test-loss">–</b></span>
      <span>test accuracy<b data-role="test-accuracy">–</b></span>
      <span class="ux-status" data-role="status">loading…</span>
    </div>
    <div class="ux-figures">
      ${figure('input', 'Input space')}
      ${figure('layer', 'Representation', '<select data-role="view" aria-label="layer shown"></select>')}
    </div>
    <section class="ux-extra"><h3>Training curves</h3>
      <div class="ux-figures"><canvas data-role="loss-curve" width="440" height="180"></canvas><canvas data-role="accuracy-curve" width="440" height="180"></canvas></div>
    </section>
    <section class="ux-extra"><h3>The layer, continuously</h3>
      <div class="ux-figures">${figure('animation', 'Layer animation')}</div>
      <div class="ux-player"><button type="button" data-role="play">Play</button><input type="range" min="0" max="0" value="0" data-role="scrubber" aria-label="animation frame"><span data-role="frame-label"></span></div>
    </section>
    <section class="ux-extra"><h3>Topology, layer by layer</h3>
      <p class="ux-hint">Persistence barcodes of each class's cloud in each layer's representation (k-NN geodesic distance; bars longer than the dashed cut count towards β). Computed when training pauses.</p>
      <div data-role="topology"></div>
    </section>
  </div>
</div>`;
