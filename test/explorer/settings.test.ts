// The explorer's settings ⇄ link text: every setting survives the round trip, the
// defaults stay out of the link, and bad text is an OptionError naming its key.
import { describe, expect, it } from 'vitest';
import { OptionError } from '../../src/errors.js';
import { DEFAULT_SETTINGS, fromQuery, parseLayers, toQuery, type Settings } from '../../src/explorer/settings.js';
import { PRESETS } from '../../src/explorer/presets.js';

const custom: Settings = {
  data: 'linked-tori', dataOptions: { n: 600, tube: 0.3 },
  layers: [{ kind: 'dense', units: 4, activation: 'relu' }, { kind: 'field', anchors: 12 }, { kind: 'dense', units: 3, activation: 'softplus' }],
  loss: 'knn', embed: 3, learningRate: 0.0125, batchSize: 17, l2: 0.001, contractive: 0.05, testFraction: 0.3, seed: 4294967295,
  view: 2, showTest: true, discrete: true, added: [{ x: [0.125, -1.5, 2], label: 1 }, { x: [3, 4, 5], label: 0 }],
};

describe('explorer settings in the URL', () => {
  it('round-trips every setting', () => {
    expect(fromQuery(toQuery(custom))).toEqual(custom);
    expect(fromQuery(`?${toQuery(DEFAULT_SETTINGS)}`)).toEqual(DEFAULT_SETTINGS);
  });

  it('writes the network as it is read, and leaves default extras out', () => {
    const q = toQuery(DEFAULT_SETTINGS);
    expect(q).toContain('net=tanh:8,tanh:8');
    expect(q).not.toMatch(/l2=|cl=|loss=|show=|add=|view=/);
  });

  it('a new data set drops the options of the one before', () => {
    const s = fromQuery('data=spirals&d.turns=2');
    expect(fromQuery('data=curves', s).dataOptions).toEqual({});
    expect(fromQuery('lr=0.1', s).dataOptions).toEqual({ turns: 2 });
  });

  it.each([
    ['lr=0', 'lr'], ['lr=abc', 'lr'], ['batch=1.5', 'batch'], ['test=0.95', 'test'], ['seed=-1', 'seed'],
    ['net=tanh:0', 'net[0]'], ['net=tanh:8,swish:4', 'net[1]'], ['net=field:x', 'net[0]'], ['loss=mse', 'loss'],
    ['add=1_2', undefined], ['add=1', 'add'], ['data=../x', 'data'], ['d.noise=', 'd.noise'], ['view=99', 'view'],
  ])('%s is an OptionError naming %s', (query, option) => {
    let error: unknown;
    try { fromQuery(query); } catch (e) { error = e; }
    if (option === undefined) { expect(error).toBeUndefined(); return; }
    expect(error).toBeInstanceOf(OptionError);
    expect((error as OptionError).option).toBe(option);
  });

  it('reads at most 8 hidden layers', () => {
    expect(parseLayers(Array(8).fill('tanh:2').join(','))).toHaveLength(8);
    expect(() => parseLayers(Array(9).fill('tanh:2').join(','))).toThrow(OptionError);
  });

  it('every preset is a valid link with a unique id', () => {
    for (const p of PRESETS) expect(() => fromQuery(p.query), p.id).not.toThrow();
    expect(new Set(PRESETS.map((p) => p.id)).size).toBe(PRESETS.length);
  });
});
