import { describe, it, expect } from 'vitest';
import * as data from '../../src/data/index';
import { DATASETS, DATASET_DEFAULTS, makeDataset, validateDataset } from '../../src/data/index';
import { bytesOf } from './helpers';

describe('data set registry', () => {
  it('lists the built-in sets: five classification, two regression', () => {
    expect(Object.keys(DATASETS)).toEqual(['curves', 'spirals', 'disk-annulus', 'intervals-1d', 'linked-tori', 'bump-saddle', 'noisy-sine']);
    expect(Object.keys(DATASET_DEFAULTS)).toEqual(Object.keys(DATASETS));
  });

  it.each(Object.keys(DATASETS))('%s: defaults are valid, named, carry params and seed', (name) => {
    const ds = makeDataset(name);
    validateDataset(ds);
    expect(ds.name).toBe(name);
    expect(ds.params).toEqual(DATASET_DEFAULTS[name as data.DatasetName]);
    expect(ds.params.seed).toBe(1);
  });

  it('takes numeric strings, matching the typed generator bit for bit', () => {
    const a = makeDataset('spirals', { n: '100', turns: '2', seed: '4' });
    const b = data.spirals({ n: 100, turns: 2, seed: 4 });
    expect(bytesOf(a)).toEqual(bytesOf(b));
  });

  it('unknown names list the known ones', () => {
    expect(() => makeDataset('foo')).toThrow(
      "unknown data set 'foo' (known: curves, spirals, disk-annulus, intervals-1d, linked-tori, bump-saddle, noisy-sine)",
    );
    expect(() => makeDataset('toString')).toThrow(/unknown data set 'toString'/);
  });

  it.each([
    ['curves', { n: 1 }, /curves: n must be/],
    ['curves', { n: 1e12 }, /curves: n must be/],
    ['curves', { noise: -1 }, /curves: noise/],
    ['curves', { noise: 'lots' }, /curves: option 'noise' must be a number, got "lots"/],
    ['spirals', { turns: 0 }, /spirals: turns/],
    ['spirals', { turns: Infinity }, /spirals: turns/],
    ['spirals', { n: null }, /option 'n' must be a number/],
    ['disk-annulus', { noise: 0.1 }, /disk-annulus: unknown option 'noise' \(known: n, seed\)/],
    ['intervals-1d', { n: 2.5 }, /intervals-1d: n must be/],
    ['linked-tori', { tube: 2 }, /linked-tori: tube must be < radius\/2/],
    ['linked-tori', { radius: 0 }, /linked-tori: radius/],
    ['linked-tori', { seed: 1.5 }, /linked-tori: seed/],
  ])('%s %o is rejected by name', (name, options, message) => {
    expect(() => makeDataset(name, options)).toThrow(message);
  });

  it('public API', () => {
    expect(Object.keys(data).sort()).toEqual([
      'BUMP_SADDLE_DEFAULTS',
      'CURVES_DEFAULTS',
      'DATASETS',
      'DATASET_DEFAULTS',
      'DISK_ANNULUS_DEFAULTS',
      'IDX_MAX_LABEL',
      'INTERVALS_1D_DEFAULTS',
      'LINKED_TORI_DEFAULTS',
      'MAX_POINTS',
      'NOISY_SINE_DEFAULTS',
      'SPIRALS_DEFAULTS',
      'bumpSaddle',
      'bumpSaddleValue',
      'curves',
      'diskAnnulus',
      'idxDataset',
      'intervals1d',
      'linkedTori',
      'loadCsv',
      'loadIdx',
      'loadIdxDataset',
      'loadMnist',
      'makeDataset',
      'noisySine',
      'parseCsv',
      'parseIdx',
      'parseIdxRaw',
      'readIdxHeader',
      'spirals',
      'splitDataset',
      'subset',
      'validateDataset',
    ]);
  });
});
