import { computeDraw, drawSeed, PopulationFold, populationHash, rankSample } from '../src/inspection-sampling';
import { population, ROOT, T1, T2 } from './inspection.fixtures';

const scope = { townships: [T1, T2], programmes: ['dibao' as const], sampleSize: 5, sampleRatio: null };
const e = (caseId: string, type: string, data: object = {}) => ({ streamId: `case-${caseId}`, type, data });

describe('the seed of a draw', () => {
  it('is SHA-256 of campaign id, root and tree size', () => {
    // echo -n "camp-1|abab…ab|40" | sha256sum
    expect(drawSeed('camp-1', { rootHash: ROOT, treeSize: 40 })).toMatch(/^[0-9a-f]{64}$/);
    expect(drawSeed('camp-1', { rootHash: ROOT, treeSize: 40 })).toBe(drawSeed('camp-1', { rootHash: ROOT, treeSize: 40 }));
    expect(drawSeed('camp-1', { rootHash: ROOT, treeSize: 41 })).not.toBe(drawSeed('camp-1', { rootHash: ROOT, treeSize: 40 }));
    expect(drawSeed('camp-2', { rootHash: ROOT, treeSize: 40 })).not.toBe(drawSeed('camp-1', { rootHash: ROOT, treeSize: 40 }));
  });
});

describe('a sample of 5 from 50 cases', () => {
  const cases = population(50);

  it('is the same for the same seed, whatever order the population is given in', () => {
    const a = computeDraw('camp-1', scope, { rootHash: ROOT, treeSize: 40 }, cases);
    const b = computeDraw('camp-1', scope, { rootHash: ROOT, treeSize: 40 }, cases);
    expect(b.sample).toEqual(a.sample);
    expect(a.sample).toHaveLength(5);
    const seed = a.seed;
    expect(rankSample(seed, [...cases].reverse(), 5)).toEqual(a.sample);
    expect(a.population).toMatchObject({ caseIds: cases.map((c) => c.caseId), hash: populationHash(cases.map((c) => c.caseId)) });
  });

  it('is different for a different seed (another root)', () => {
    const a = computeDraw('camp-1', scope, { rootHash: ROOT, treeSize: 40 }, cases);
    const b = computeDraw('camp-1', scope, { rootHash: 'cd'.repeat(32), treeSize: 40 }, cases);
    expect(b.seed).not.toBe(a.seed);
    expect(b.sample.map((s) => s.caseId)).not.toEqual(a.sample.map((s) => s.caseId));
  });

  it('is ranked by ascending HMAC, each rank recorded', () => {
    const { sample } = computeDraw('camp-1', scope, { rootHash: ROOT, treeSize: 40 }, cases);
    const ranks = sample.map((s) => s.rank);
    expect([...ranks].sort()).toEqual(ranks);
  });

  it('takes ceil(ratio × population) for a ratio, and never more than there are', () => {
    expect(computeDraw('c', { sampleSize: null, sampleRatio: 0.3 }, { rootHash: ROOT, treeSize: 1 }, population(7)).sample).toHaveLength(3);
    expect(computeDraw('c', { sampleSize: 10, sampleRatio: null }, { rootHash: ROOT, treeSize: 1 }, population(4)).sample).toHaveLength(4);
    expect(computeDraw('c', { sampleSize: 10, sampleRatio: null }, { rootHash: ROOT, treeSize: 1 }, []).sample).toEqual([]);
  });
});

describe('the population at a tree size', () => {
  it('is the approved cases of the scope not rejected or terminated, sorted by case id', () => {
    const fold = new PopulationFold();
    [
      e('b', 'ApplicationSubmitted', { townshipCode: T1, programme: 'dibao' }),
      e('b', 'CaseApproved'),
      e('a', 'ApplicationSubmitted', { townshipCode: T2, programme: 'dibao' }),
      e('a', 'CaseApproved'),
      e('c', 'ApplicationSubmitted', { townshipCode: T1, programme: 'dibao' }), // never approved
      e('d', 'ApplicationSubmitted', { townshipCode: T1, programme: 'dibao' }),
      e('d', 'CaseApproved'),
      e('d', 'CaseTerminated'), // left the rolls
      e('f', 'ApplicationSubmitted', { townshipCode: T1, programme: 'tekun' }), // other programme
      e('f', 'CaseApproved'),
      e('g', 'ApplicationSubmitted', { townshipCode: '330602009', programme: 'dibao' }), // other township
      e('g', 'CaseApproved'),
      { streamId: 'inspection-x', type: 'CaseApproved', data: {} }, // not a case stream
    ].forEach((event) => fold.offer(event));
    expect(fold.population({ townships: [T1, T2], programmes: ['dibao'] }).map((c) => c.caseId)).toEqual(['a', 'b']);
    expect(fold.population({ townships: [T1], programmes: ['dibao', 'tekun'] }).map((c) => c.caseId)).toEqual(['b', 'f']);
  });
});
