/**
 * The layer animation panel: one layer's map played as frames (from the
 * representation before it to the one shown), with a scrubber and a Play
 * button. Frames are computed from the weights when they are asked for and
 * again only after the weights moved.
 */
import { framePicture, frameLabel } from '../render/animation.js';
import type { FrameSequence } from '../render/types.js';
import type { UntangleExplorer } from './element.js';
import { layerAnimation } from './pictures.js';

/** Milliseconds a frame stays on screen while playing (~15 frames a second). */
const FRAME_MS = 66;

export class AnimationPlayer {
  private animation: { seq: FrameSequence; layer: number; weights: number; playing: boolean; index: number; lastTick: number } | null = null;

  constructor(private readonly ex: UntangleExplorer, private readonly size: number) {}

  /** Drop the frames (new model, data or layer): the next look computes them again. */
  forget(): void {
    this.animation = null;
  }

  /** At rest: show the animation of the weights as they are now, unless it is playing or already shows them. */
  refreshAtRest(): void {
    const a = this.animation;
    if (a?.playing || a?.weights === this.ex.weights) return;
    this.animation = null;
    this.prepare();
    this.show(this.animation!.index);
  }

  /** Wires the scrubber and the Play button. */
  bind(): void {
    const scrubber = this.ex.input('scrubber');
    scrubber.addEventListener('input', () => {
      if (!this.ex.model) return;
      this.prepare();
      this.animation!.playing = false;
      this.ex.el('play').textContent = 'Play';
      this.show(Number(scrubber.value));
    });
    this.ex.el('play').addEventListener('click', () => {
      if (!this.ex.model) return;
      if (this.ex.running) this.animation = null; // the weights moved: animate them as they are now
      this.prepare();
      const a = this.animation!;
      a.playing = !a.playing;
      if (a.playing && a.index >= a.seq.frames.length - 1) this.show(0);
      this.ex.el('play').textContent = a.playing ? 'Pause' : 'Play';
    });
  }

  /** Called every page frame: moves on one animation frame when playing and its time has come. */
  tick(time: number): void {
    const a = this.animation;
    if (!a?.playing || time - a.lastTick < FRAME_MS) return;
    a.lastTick = time;
    const next = a.index + 1;
    if (next >= a.seq.frames.length) {
      a.playing = false;
      this.ex.el('play').textContent = 'Play';
      return;
    }
    this.show(next);
  }

  /** The animated layer: into the representation shown (layer 1 when the input is shown). */
  private layer(): number {
    return Math.max(0, this.ex.viewLayer() - 1);
  }

  private prepare(): void {
    const layer = this.layer();
    if (this.animation && this.animation.layer === layer) return;
    const seq = layerAnimation(this.ex.model!, this.ex.data!, layer);
    this.animation = { seq, layer, weights: this.ex.weights, playing: false, index: seq.frames.length - 1, lastTick: 0 };
    const scrubber = this.ex.input('scrubber');
    scrubber.max = String(seq.frames.length - 1);
    scrubber.value = String(this.animation.index);
  }

  private show(index: number): void {
    const a = this.animation!;
    a.index = index;
    this.ex.input('scrubber').value = String(index);
    this.ex.painter.paint('animation', framePicture(a.seq, index, { width: this.size, height: this.size, fit: 'phase' }));
    this.ex.el('frame-label').textContent = frameLabel(a.seq.frames[index]!, index, a.seq.frames.length);
    this.ex.el('animation-title').textContent = a.seq.title ?? 'Layer animation';
  }
}
