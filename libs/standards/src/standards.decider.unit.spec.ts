import { DomainError } from '@app/ledger/domain';
import { createStandardsDecider } from './standards.decider';
import { standardsPolicy } from './standards.policy';
import { CITY_ADMIN, decider, given, setStandard, standardSet } from '../test/standards.fixtures';

const dibao850 = standardSet('dibao', 85_000, '2020-01-01');
const dibao890 = standardSet('dibao', 89_000, '2021-01-01');
const tekun1602 = standardSet('tekun-basic', 160_200, '2020-01-01');

describe('setting a standard in an empty region', () => {
  it('records it with the official who set it', () => {
    expect(decider.decide(setStandard({ document: '绍民发〔2020〕1号' }), given())).toEqual([
      {
        type: 'StandardSet',
        data: {
          region: '3306',
          programme: 'dibao',
          monthlyFen: 85_000,
          effectiveFrom: '2020-01-01',
          document: '绍民发〔2020〕1号',
          setBy: 'official-admin',
        },
      },
    ]);
  });
});

describe('the effective date and the amount', () => {
  it('refuses a date that is not the first of a month, naming effectiveFrom', () => {
    const attempt = () => decider.decide(setStandard({ effectiveFrom: '2021-01-15' }), given());
    expect(attempt).toThrow(/first day of a month/);
    expect(attempt).toThrow(expect.objectContaining({ kind: 'invalid', details: { field: 'effectiveFrom' } }));
  });

  it('refuses an impossible date or a month without a day', () => {
    expect(() => decider.decide(setStandard({ effectiveFrom: '2021-13-01' }), given())).toThrow(/YYYY-MM-DD/);
    expect(() => decider.decide(setStandard({ effectiveFrom: '2021-01' }), given())).toThrow(/YYYY-MM-DD/);
  });

  it('refuses an amount that is not a positive whole number of fen', () => {
    for (const monthlyFen of [0, -85_000, 850.5, Number.NaN]) {
      expect(() => decider.decide(setStandard({ monthlyFen }), given())).toThrow(
        expect.objectContaining({ details: { field: 'monthlyFen' } }),
      );
    }
  });

  it('refuses an unknown programme, a township as region and a blank document', () => {
    expect(() => decider.decide(setStandard({ programme: 'pension' as never }), given())).toThrow(/programme must/);
    expect(() => decider.decide(setStandard({ region: '330602001' }), given())).toThrow(/city or 6-digit county/);
    expect(() => decider.decide(setStandard({ document: '  ' }), given())).toThrow(/document must/);
  });

  it('refuses a region other than the stream’s own', () => {
    expect(() => decider.decide(setStandard({ region: '330681' }), given(dibao850))).toThrow(
      /holds the standards of region 3306/,
    );
  });
});

describe('who may set a standard', () => {
  it('a county admin may set its own county’s standard', () => {
    const countyAdmin = { id: 'o-zhuji', role: 'admin', unit: '330681' };
    expect(decider.decide(setStandard({ region: '330681' }, countyAdmin), given())).toHaveLength(1);
  });

  it('a county admin may not set the city’s standard', () => {
    const countyAdmin = { id: 'o-zhuji', role: 'admin', unit: '330681' };
    expect(() => decider.decide(setStandard({}, countyAdmin), given())).toThrow(
      expect.objectContaining({ kind: 'forbidden', code: 'outside-jurisdiction' }),
    );
  });

  it('a county reviewer may not, even in its own county', () => {
    const reviewer = { id: 'o-r', role: 'county-reviewer', unit: '330681' };
    expect(() => decider.decide(setStandard({ region: '330681' }, reviewer), given())).toThrow(
      expect.objectContaining({ kind: 'forbidden', code: 'role-not-allowed' }),
    );
  });

  it('a policy may allow more roles', () => {
    const lenient = createStandardsDecider(standardsPolicy({ setterRoles: ['admin', 'county-reviewer'] }));
    const reviewer = { id: 'o-r', role: 'county-reviewer', unit: '330681' };
    expect(lenient.decide(setStandard({ region: '330681' }, reviewer), given())).toHaveLength(1);
  });
});

describe('a correction', () => {
  it('sets the same date again and wins', () => {
    const state = given(dibao850, standardSet('dibao', 86_000, '2020-01-01'));
    expect(state.standards.dibao).toEqual([expect.objectContaining({ monthlyFen: 86_000, corrections: 1 })]);
  });

  it('repeating a standard exactly as it is records nothing', () => {
    expect(decider.decide(setStandard({}), given(dibao850))).toEqual([]);
  });
});

describe('a 特困 standard against the 低保 standard in force', () => {
  it('at 1.3 × 低保 exactly is accepted (850 元 → 1105 元)', () => {
    const events = decider.decide(setStandard({ programme: 'tekun-basic', monthlyFen: 110_500 }), given(dibao850));
    expect(events).toHaveLength(1);
  });

  it('below 1.3 × 低保 is refused, naming monthlyFen and both numbers', () => {
    const attempt = () =>
      decider.decide(setStandard({ programme: 'tekun-basic', monthlyFen: 110_499 }), given(dibao850));
    expect(attempt).toThrow(DomainError);
    expect(attempt).toThrow(/1104\.99 元 is below 1\.3 × the 低保 standard 850\.00 元 .*at least 1105\.00 元/);
    expect(attempt).toThrow(
      expect.objectContaining({
        kind: 'invalid',
        details: expect.objectContaining({ field: 'monthlyFen', tekunFen: 110_499, dibaoFen: 85_000, minimumFen: 110_500 }),
      }),
    );
  });

  it('is refused when it would fall below a 低保 standard already set for a later month', () => {
    // 1120 元 is enough against 850 but not against 890 from January 2021 (1157).
    const attempt = () =>
      decider.decide(setStandard({ programme: 'tekun-basic', monthlyFen: 112_000 }), given(dibao850, dibao890));
    expect(attempt).toThrow(/890\.00 元 in force from 2021-01-01: at least 1157\.00 元/);
  });

  it('is refused while no 低保 standard is in force on its date', () => {
    expect(() =>
      decider.decide(setStandard({ programme: 'tekun-basic', monthlyFen: 160_200 }), given(dibao890)),
    ).toThrow(expect.objectContaining({ kind: 'conflict', code: 'dibao-standard-missing' }));
  });

  it('follows a policy ratio of 1.5', () => {
    const strict = createStandardsDecider(standardsPolicy({ tekunMinRatioToDibao: 1.5 }));
    expect(() => strict.decide(setStandard({ programme: 'tekun-basic', monthlyFen: 127_499 }), given(dibao850))).toThrow(
      /at least 1275\.00 元/,
    );
  });
});

describe('a new 低保 standard against the 特困 standards already set', () => {
  it('is accepted while the 特困 standard stays at or above the ratio (890 → 1157 ≤ 1602)', () => {
    const command = setStandard({ monthlyFen: 89_000, effectiveFrom: '2021-01-01' });
    expect(decider.decide(command, given(dibao850, tekun1602))).toHaveLength(1);
  });

  it('is refused with a conflict when it would put the current 特困 standard under the ratio', () => {
    // 1602 / 1.3 = 1232.3: a 低保 standard of 1240 元 needs a 特困 standard of at least 1612 元.
    const attempt = () =>
      decider.decide(setStandard({ monthlyFen: 124_000, effectiveFrom: '2021-01-01' }), given(dibao850, tekun1602));
    expect(attempt).toThrow(
      expect.objectContaining({
        kind: 'conflict',
        code: 'tekun-below-dibao-ratio',
        details: expect.objectContaining({
          tekunFen: 160_200,
          dibaoFen: 124_000,
          minimumFen: 161_200,
          date: '2021-01-01',
        }),
      }),
    );
    expect(attempt).toThrow(/raise the 特困 standard first/);
  });

  it('is accepted once the 特困 standard is raised from the same month', () => {
    const state = given(dibao850, tekun1602, standardSet('tekun-basic', 161_200, '2021-01-01'));
    expect(decider.decide(setStandard({ monthlyFen: 124_000, effectiveFrom: '2021-01-01' }), state)).toHaveLength(1);
  });

  it('is checked against a future 特困 standard too', () => {
    const state = given(dibao850, standardSet('tekun-basic', 120_000, '2021-01-01'), tekun1602);
    expect(() => decider.decide(setStandard({ monthlyFen: 93_000, effectiveFrom: '2021-01-01' }), state)).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ tekunEffectiveFrom: '2021-01-01' }) }),
    );
  });

  it('does not tie orphan standards to 低保', () => {
    const state = given(dibao850);
    const command = setStandard({ programme: 'orphan-dispersed', monthlyFen: 50_000 }, CITY_ADMIN);
    expect(decider.decide(command, state)).toHaveLength(1);
  });
});
