// A construction that allocates several blocks and fails part-way (out of wasm
// memory) must leave the arena as it found it: nothing live, nothing leaked by
// a later dispose.
import { describe, it, expect } from 'vitest';
import { createEngine } from '../../src/engine/engine.js';
import { Model } from '../../src/model/model.js';
import { OutOfMemoryError, StateError } from '../../src/errors.js';
import { VARIANT } from '../helpers/engine.js';
import { Random } from '../../src/engine/random.js';

describe('arena transactions', () => {
  it('a transaction that throws releases every block it allocated and kept, newest and oldest', async () => {
    const engine = await createEngine({ variant: VARIANT });
    const kept = engine.alloc(1000);
    const before = engine.arena.usedBytes;
    expect(() => engine.transaction(() => {
      const a = engine.alloc(4096);
      engine.alloc(100);
      engine.release(a); // released inside: must not be released twice
      engine.transaction(() => engine.alloc(64)); // an inner success belongs to the outer
      engine.alloc(2 ** 40);
    })).toThrow(OutOfMemoryError);
    expect(engine.arena.usedBytes).toBe(before);
    // …and the arena still hands out and takes back memory normally.
    const b = engine.transaction(() => engine.alloc(512));
    expect(engine.arena.usedBytes).toBe(before + 512);
    engine.release(b);
    engine.release(kept);
    expect(engine.arena.usedBytes).toBe(0);
  });

  it('releasing a block twice is a StateError', async () => {
    const engine = await createEngine({ variant: VARIANT });
    const a = engine.alloc(64);
    engine.release(a);
    const error = (() => { try { engine.release(a); } catch (e) { return e; } })();
    expect(error).toBeInstanceOf(StateError);
    expect((error as StateError).code).toBe('BAD_STATE');
  });
});

describe('a predict that runs out of memory', () => {
  it('throws OutOfMemoryError, leaves arena.usedBytes unchanged, and dispose frees everything', async () => {
    const engine = await createEngine({ variant: VARIANT, maxMemoryMiB: 96 });
    const empty = engine.arena.usedBytes;
    // Few parameters, wide activations: 32 filters of 128×128 per image, so one
    // inference chunk of 32 images needs 2 MiB × 32 per buffer, far over 96 MiB.
    const model = Model.create(engine, {
      inputs: { channels: 1, height: 128, width: 128 },
      layers: [{ type: 'conv2d', filters: 32, kernel: 3, padding: 1, activation: 'relu' }, { units: 2 }],
    });
    const before = engine.arena.usedBytes;
    const x = new Float32Array(128 * 128 * 40);
    const random = new Random(1);
    for (let i = 0; i < x.length; i++) x[i] = random.uniform();
    let error: unknown;
    try { model.predict(x); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(OutOfMemoryError);
    expect((error as OutOfMemoryError).code).toBe('OUT_OF_MEMORY');
    expect(engine.arena.usedBytes).toBe(before);
    // A second try fails the same way, not with a half-built state.
    expect(() => model.predict(x)).toThrow(OutOfMemoryError);
    expect(engine.arena.usedBytes).toBe(before);
    model.dispose();
    expect(engine.arena.usedBytes).toBe(empty);
    // The engine is still usable.
    const small = Model.create(engine, { inputs: 2, layers: [{ units: 4 }, { units: 2 }] });
    expect(small.predict(new Float32Array([0.5, -0.5])).every(Number.isFinite)).toBe(true);
  });
});
