/** The essay's examples, one click each: data set, network and the view to show. */

export const PRESETS = [
  { label: 'Two curves · 2', dataset: 'curves', layers: '2', activation: 'tanh', view: 1,
    note: 'The essay\'s first example: one tanh layer of two units bends the plane until a line separates the curves.' },
  { label: 'Spirals, 1 turn · 2,2,2,2', dataset: 'spirals', turns: 1, layers: '2,2,2,2', activation: 'tanh', view: 4,
    note: 'Slightly entangled spirals: four 2-unit tanh layers pull them apart until a line separates them.' },
  { label: 'Spirals, 2 turns · 2,2,2,2', dataset: 'spirals', turns: 2, layers: '2,2,2,2', activation: 'tanh', view: 4,
    note: 'More entangled spirals: the same narrow network struggles and usually fails.' },
  { label: 'Disk in annulus · 2', dataset: 'disk-annulus', layers: '2', activation: 'tanh', view: 1,
    note: 'A 2-unit tanh layer is a homeomorphism of the plane: the ring still surrounds the disk, so no line separates them.' },
  { label: 'Disk in annulus · 3', dataset: 'disk-annulus', layers: '3', activation: 'tanh', view: 1,
    note: 'A third dimension lets the layer lift the disk out of the ring; a plane then separates them (drag to rotate).' },
  { label: 'Intervals (1-D) · 1', dataset: 'intervals-1d', layers: '1', activation: 'tanh', view: 1,
    note: 'One unit is monotone along the line: it cannot put the middle interval on one side and both ends on the other.' },
  { label: 'Intervals (1-D) · 2', dataset: 'intervals-1d', layers: '2', activation: 'tanh', view: 1,
    note: 'Two units bend the line into a curve in the plane, and a straight line cuts the middle off.' },
  { label: 'Spirals, 1 turn · 8,8', dataset: 'spirals', turns: 1, layers: '8,8', activation: 'tanh', view: 2,
    note: 'Wider layers make the task easy.' },
];
