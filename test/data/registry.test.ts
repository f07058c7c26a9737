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
    expect(() => makeDataset('foo')).toThrow(expect.objectContaining({ name: 'OptionError', code: 'BAD_OPTION', option: 'name' }));
  });

  it.each([
    ['curves', { n: 1 }, /curves: n must be/, 'n'],
    ['curves', { n: 1e12 }, /curves: n must be/, 'n'],
    ['curves', { noise: -1 }, /curves: noise/, 'noise'],
    ['curves', { noise: 'lots' }, /curves: option 'noise' must be a number, got "lots"/, 'noise'],
    ['curves', { noise: 10n }, /curves: option 'noise' must be a number, got 10n/, 'noise'],
    ['spirals', { turns: 0 }, /spirals: turns/, 'turns'],
    ['spirals', { turns: Infinity }, /spirals: turns/, 'turns'],
    ['spirals', { n: null }, /option 'n' must be a number/, 'n'],
    ['disk-annulus', { noise: 0.1 }, /disk-annulus: unknown option 'noise' \(known: n, seed\)/, 'noise'],
    ['intervals-1d', { n: 2.5 }, /intervals-1d: n must be/, 'n'],
    ['linked-tori', { tube: 2 }, /linked-tori: tube must be < radius\/2/, undefined],
    ['linked-tori', { radius: 0 }, /linked-tori: radius/, 'radius'],
    ['linked-tori', { seed: 1.5 }, /linked-tori: seed/, 'seed'],
  ])('%s %o is rejected by name', (name, options, message, option) => {
    expect(() => makeDataset(name, options)).toThrow(message);
    // linked-tori's tube/radius check is the generator's own (not a shared parameter check).
    if (option !== undefined) expect(() => makeDataset(name, options)).toThrow(expect.objectContaining({ code: 'BAD_OPTION', option }));
  });

  it('public API', () => {
    expect(Object.keys(data).sort()).toEqual([
      'BUMP_SADDLE_DEFAULTS',
      'CURVES_DEFAULTS',
      'DATASETS',
      'DATASET_DEFAULTS',
      'DISK_ANNULUS_DEFAULTS',
      'IDX_MAX_BYTES',
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
      'shiftedCopies',
      'spirals',
      'splitDataset',
      'subset',
      'validateDataset',
    ]);
  });
});
