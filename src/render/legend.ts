/**
 * The class legend: a dot in each class's colour and its name, in one row,
 * right-aligned at a point (pictures put it in their title band, where it
 * never covers data).
 */
import { INK, type ClassColors } from './color.js';
import { textWidth } from './font.js';
import { capHeight, type Surface } from './surface.js';

/** Names shown for the classes when none are given: 'class 0', 'class 1', …. */
export const classNames = (classes: number): string[] => Array.from({ length: classes }, (_, k) => `class ${k}`);

/** Width in pixels of the legend drawn by {@link drawClassLegend}. */
export function classLegendWidth(names: readonly string[], font: number): number {
  const cap = capHeight(font);
  return names.reduce((w, n) => w + cap + 4 + textWidth(n) * font + 1.5 * cap, -1.5 * cap);
}

/** Draws the legend with its right end at x, centred on y. */
export function drawClassLegend(s: Surface, xRight: number, y: number, names: readonly string[], colors: ClassColors, font: number): void {
  const cap = capHeight(font);
  let x = xRight - classLegendWidth(names, font);
  names.forEach((name, k) => {
    s.circle(x + cap / 2, y, cap / 2.4, colors.solid[k % colors.solid.length]!, colors.outline[k % colors.outline.length]!, 1, 'legend');
    s.text(name, x + cap + 4, y, { size: font, color: INK, baseline: 'middle' }, 'legend');
    x += cap + 4 + textWidth(name) * font + 1.5 * cap;
  });
}
