import { chunksOf, recordPaymentsCommandId } from '../src/http/batch-command-ids';
import { runBounded } from '../src/http/bounded-concurrency';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('a bounded run', () => {
  it('never has more than the limit in flight and answers in the order of the items', async () => {
    let inFlight = 0;
    let most = 0;
    const run = await runBounded([5, 1, 4, 2, 3], 2, async (n) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      for (let i = 0; i < n; i++) await tick();
      inFlight -= 1;
      return n * 10;
    });
    expect(run).toEqual({ results: [50, 10, 40, 20, 30] });
    expect(most).toBe(2);
  });

  it('starts nothing after a failure, and hands back what was done with the error', async () => {
    const started: number[] = [];
    const run = await runBounded([1, 2, 3, 4, 5], 1, async (n) => {
      started.push(n);
      if (n === 3) throw new Error('store unavailable');
      return n;
    });
    expect(started).toEqual([1, 2, 3]);
    expect(run.results.slice(0, 3)).toEqual([1, 2, undefined]);
    expect(run.error).toEqual(new Error('store unavailable'));
  });
});

describe('the commands a run lists its answers with', () => {
  const payments = [{ caseId: 'c-1', paymentId: 'pay-c-1-2021-04-assistance', kind: 'assistance', amountFen: 89_000 }];

  it('have the same id for the same content, so two runs list a chunk once, and another id for other content', () => {
    const chunk = { batchId: '330602001-202104', payments, refusals: [] };
    expect(recordPaymentsCommandId('330602001-202104', chunk)).toBe(
      recordPaymentsCommandId('330602001-202104', structuredClone(chunk)),
    );
    const other = { ...chunk, refusals: [{ caseId: 'c-2', kind: 'assistance', reason: 'suspended' }] };
    expect(recordPaymentsCommandId('330602001-202104', other)).not.toBe(recordPaymentsCommandId('330602001-202104', chunk));
  });

  it('are chunks of at most the size, in order', () => {
    expect(chunksOf([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunksOf([], 500)).toEqual([]);
  });
});
