/** Dragging on the representation canvas turns a 3-D view (yaw left–right, pitch up–down, pitch kept short of the poles). */
import type { UntangleExplorer } from './element.js';

export function bindOrbitDrag(ex: UntangleExplorer): void {
  const canvas = ex.el<HTMLCanvasElement>('layer');
  let drag: { x: number; y: number; yaw: number; pitch: number } | null = null;
  canvas.addEventListener('pointerdown', (e) => {
    if (ex.model?.widths[ex.viewLayer()] !== 3) return;
    drag = { x: e.clientX, y: e.clientY, yaw: ex.yaw, pitch: ex.pitch };
    canvas.setPointerCapture(e.pointerId);
  });
  canvas.addEventListener('pointermove', (e) => {
    if (!drag) return;
    ex.yaw = drag.yaw - (e.clientX - drag.x) * 0.01;
    ex.pitch = Math.max(-1.5, Math.min(1.5, drag.pitch + (e.clientY - drag.y) * 0.01));
    ex.dirty = true;
  });
  canvas.addEventListener('pointerup', () => { drag = null; });
}
