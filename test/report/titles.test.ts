// Every title and label the report's pictures draw fits its picture: nothing
// cut with an ellipsis, nothing outside the image, no title shrunk below 70 %.
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/engine.js';
import { Model } from '../../src/model/model.js';
import { EXPERIMENTS } from '../../src/experiments/index.js';
import { pictureTitles } from '../../src/report/experiment-pictures.js';
import { regionsPicture, representationStrip } from '../../src/report/figures.js';
import { textWidth, DESCENT_UNITS } from '../../src/render/font.js';
import { capHeight, type Rect, type Surface, type TextStyle } from '../../src/render/surface.js';
import type { Picture } from '../../src/render/index.js';

interface Drawn { text: string; box: Rect; size: number }

/** A surface that draws nothing and keeps each text's box (rotation and anchors applied). */
class TextRecorder implements Surface {
  readonly texts: Drawn[] = [];
  constructor(readonly width: number, readonly height: number) {}
  setClip(): void {}
  fillRect(): void {}
  strokeRect(): void {}
  circle(): void {}
  polylines(): void {}
  polygon(): void {}
  image(): void {}
  text(text: string, x: number, y: number, style: TextStyle): void {
    const w = textWidth(text) * style.size, cap = capHeight(style.size), below = DESCENT_UNITS * style.size;
    const along = style.anchor === 'middle' ? -w / 2 : style.anchor === 'end' ? -w : 0;
    const top = style.baseline === 'middle' ? -cap / 2 : style.baseline === 'baseline' ? -cap : 0;
    // Across the text: from the cap top to the descenders.
    const box = style.rotate === -90
      ? { x: x + top, y: y - along - w, w: cap + below, h: w }
      : { x: x + along, y: y + top, w, h: cap + below };
    this.texts.push({ text, box, size: style.size });
  }
}

function checkTexts(picture: Picture, what: string, font: number): void {
  const r = new TextRecorder(picture.width, picture.height);
  picture.draw(r);
  expect(r.texts.length, `${what}: draws text`).toBeGreaterThan(0);
  for (const t of r.texts) {
    expect(t.text.endsWith('…'), `${what}: '${t.text}' is cut`).toBe(false);
    expect(t.size, `${what}: '${t.text}' shrunk below 70 %`).toBeGreaterThanOrEqual(0.7 * font - 1e-9);
    const { x, y, w, h } = t.box;
    expect(x >= -0.5 && y >= -0.5 && x + w <= picture.width + 0.5 && y + h <= picture.height + 0.5,
      `${what}: '${t.text}' (${x.toFixed(1)}, ${y.toFixed(1)}, ${w.toFixed(1)} × ${h.toFixed(1)}) leaves the ${picture.width} × ${picture.height} picture`).toBe(true);
  }
}

describe('the report pictures\' text fits', () => {
  it('every featured setting of every experiment: regions and the narrowest layer strip', async () => {
    const engine = await createEngine();
    const options = { quick: true, seeds: 1 };
    let checked = 0;
    for (const ex of Object.values(EXPERIMENTS)) {
      const settings = ex.settings(options);
      for (const id of ex.featured) {
        const setting = settings.find((s) => s.id === id)!;
        const data = ex.data(setting, 1, options);
        // One hidden layer: two panels, the narrowest strip the report draws, so the tightest room for its title.
        const model = Model.create(engine, { inputs: data.dim, layers: [{ units: Math.min(3, data.dim), activation: 'tanh' }, { units: data.classes }], seed: 1 });
        for (const which of ['best', 'typical'] as const) {
          const titles = pictureTitles(setting.label, which);
          const regions = regionsPicture(model, data, titles.regions);
          if (regions) checkTexts(regions, `${ex.id} ${id} regions`, 2);
          checkTexts(representationStrip(model, data, titles.strip), `${ex.id} ${id} strip`, 2);
          checked++;
        }
        model.dispose();
      }
    }
    expect(checked).toBeGreaterThanOrEqual(12);
  }, 120_000);

  it('the recorder sees a cut title: a title far wider than its picture fails the check', async () => {
    const engine = await createEngine();
    const data = EXPERIMENTS.e1!.data(EXPERIMENTS.e1!.settings({ quick: true, seeds: 1 })[0]!, 1, { quick: true, seeds: 1 });
    const model = Model.create(engine, { inputs: data.dim, layers: [{ units: 2, activation: 'tanh' }, { units: data.classes }], seed: 1 });
    const picture = regionsPicture(model, data, 'a title much too long for a picture four hundred and twenty pixels wide, '.repeat(3))!;
    expect(() => checkTexts(picture, 'long', 2)).toThrow(/is cut|shrunk/);
    model.dispose();
  });
});
