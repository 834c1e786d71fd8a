import { ProjectionStallWatch, type ProjectionSample } from './projection-stall-watch';

const sample = (position: number, lag: number, state: ProjectionSample['state'] = 'live'): ProjectionSample[] => [
  { name: 'work_queue', state, position, lag },
];

describe('a projection watched by the readiness probe', () => {
  it('is stuck once it has been behind with no progress for the configured time', () => {
    const watch = new ProjectionStallWatch(10_000);
    expect(watch.observe(0, sample(5, 3))).toEqual([]);
    expect(watch.observe(9_999, sample(5, 8))).toEqual([]);
    expect(watch.observe(10_000, sample(5, 9))).toEqual([{ name: 'work_queue', reason: '9 events behind and nothing applied for 10 s' }]);
  });

  it('is not stuck while it moves, however far behind, nor when idle at the head', () => {
    const watch = new ProjectionStallWatch(10_000);
    watch.observe(0, sample(5, 3));
    expect(watch.observe(20_000, sample(6, 50))).toEqual([]);
    expect(watch.observe(40_000, sample(6, 0))).toEqual([]);
    expect(watch.observe(60_000, sample(6, 0))).toEqual([]);
  });

  it('starts counting again once it moves', () => {
    const watch = new ProjectionStallWatch(10_000);
    watch.observe(0, sample(5, 3));
    expect(watch.observe(10_000, sample(5, 3))).toHaveLength(1);
    expect(watch.observe(11_000, sample(6, 2))).toEqual([]);
    expect(watch.observe(20_000, sample(6, 2))).toEqual([]);
  });

  it('is stuck at once when failed, and never while being rebuilt', () => {
    expect(new ProjectionStallWatch(10_000).observe(0, sample(5, 3, 'failed'))).toEqual([{ name: 'work_queue', reason: 'failed' }]);
    const watch = new ProjectionStallWatch(10_000);
    watch.observe(0, sample(5, 3, 'rebuilding'));
    expect(watch.observe(60_000, sample(5, 3, 'rebuilding'))).toEqual([]);
  });
});
