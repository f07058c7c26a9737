/**
 * The essay's figures, one click each. Each preset is a query in the link
 * format (settings.ts) laid over the defaults, so a preset is also a link.
 */
export interface Preset {
  id: string;
  label: string;
  query: string;
  /** What to look for, shown under the menu. */
  note: string;
}

export const PRESETS: readonly Preset[] = [
  { id: 'curves-2', label: 'Two curves · one tanh layer of 2', query: 'data=curves&net=tanh:2&view=1&lr=0.03',
    note: "The essay's first example: one tanh layer of two units bends the plane until a line separates the curves." },
  { id: 'spirals-2222', label: 'Spirals · four layers of 2', query: 'data=spirals&net=tanh:2,tanh:2,tanh:2,tanh:2&view=4&lr=0.03',
    note: 'Slightly entangled spirals: four 2-unit tanh layers pull them apart until a line separates them.' },
  { id: 'spirals-88', label: 'Spirals · 8, 8', query: 'data=spirals&net=tanh:8,tanh:8&view=2',
    note: 'Wider layers make the task easy: watch the grid fold in the 8-D layer (its top two principal components).' },
  { id: 'disk-2', label: 'Disk in annulus · width 2 (cannot)', query: 'data=disk-annulus&net=tanh:2,tanh:2&view=2',
    note: 'Each 2-unit tanh layer is a homeomorphism of the plane: the ring still surrounds the disk, so no line separates them.' },
  { id: 'disk-3', label: 'Disk in annulus · width 3 (lifts)', query: 'data=disk-annulus&net=tanh:3&view=1',
    note: 'A third dimension lets the layer lift the disk out of the ring; a plane then separates them.' },
  { id: 'intervals-1', label: 'Intervals (1-D) · 1 unit (cannot)', query: 'data=intervals-1d&net=tanh:1&view=1',
    note: 'One unit is monotone along the line: it cannot put the middle interval on one side and both ends on the other.' },
  { id: 'intervals-2', label: 'Intervals (1-D) · 2 units', query: 'data=intervals-1d&net=tanh:2&view=1',
    note: 'Two units bend the line into a curve in the plane, and a straight line cuts the middle off.' },
  { id: 'tori-3', label: 'Linked tori · width 3 (cannot unlink)', query: 'data=linked-tori&d.n=600&net=tanh:3,tanh:3&view=2&test=0.2',
    note: 'Two linked tori in 3-D: layers of width 3 are homeomorphisms of space and cannot unlink them.' },
  { id: 'tori-4', label: 'Linked tori · width 4 (unlinks)', query: 'data=linked-tori&d.n=600&net=tanh:4,tanh:4&view=2&test=0.2',
    note: 'A fourth dimension is room enough to pull the tori apart.' },
  { id: 'knn-spirals', label: 'k-NN loss · spirals, 2-D embedding', query: 'data=spirals&net=tanh:8,tanh:8&loss=knn&embed=2&view=3',
    note: 'Trained with the k-NN loss, the last layer is an embedding where each point votes with its neighbours; regions come from a k-NN head.' },
  { id: 'field-curves', label: 'Vector field · two curves', query: 'data=curves&net=field:16,field:16&view=2',
    note: 'Vector-field layers move each point along a smooth field: a continuous deformation of the plane, no projection.' },
  { id: 'contractive', label: 'Contractive penalty · disk, width 2', query: 'data=disk-annulus&net=tanh:2,tanh:2&cl=0.05&view=2',
    note: 'The contractive penalty discourages the "easy way out" of squeezing the ring thin.' },
  { id: 'bump', label: 'Regression · bump and saddle', query: 'data=bump-saddle&net=tanh:8,tanh:8&view=2',
    note: 'A regression set: the network fits a surface (mean squared error); colour is the predicted value.' },
  { id: 'sine', label: 'Regression · noisy sine', query: 'data=noisy-sine&net=tanh:8,tanh:8&view=2',
    note: 'A 1-D regression: the curve is the prediction, dots the noisy targets.' },
];
