import type { SetStandardData } from './standards.commands';

const SOURCE = '绍兴市民政局 2020 年工作报告';

/**
 * Shaoxing (3306, 市区) standards from the bureau's 2020 report, in an order the decider accepts
 * (低保 before the 特困 standard checked against it).
 *
 * Dates the report does not give, kept here as assumptions for operators to correct with a new
 * StandardSet once the enacting documents are at hand:
 * - 低保 850 元: the report says it was raised to 850 in 2020 without a date; taken as 2020-01-01.
 * - 低保 890 元 from 2021-01-01: the report's plan ("拟从2021年1月1日起").
 * - 特困 1602 元: the 市区 2020 monthly figure; taken from 2020-01-01. No 2021 figure is given and
 *   none is needed: 1602 ≥ 1.3 × 890 = 1157, so it stays in force.
 * - 孤儿 2040 (机构养育) / 1635 (社会散居): raised in 2020, no date given; taken as 2020-01-01.
 * County-level cities (诸暨 330681, 嵊州 330683, 新昌 330624) set their own in their own streams.
 */
export const SHAOXING_2020_STANDARDS: readonly SetStandardData[] = Object.freeze([
  { region: '3306', programme: 'dibao', monthlyFen: 85_000, effectiveFrom: '2020-01-01', document: SOURCE },
  { region: '3306', programme: 'tekun-basic', monthlyFen: 160_200, effectiveFrom: '2020-01-01', document: SOURCE },
  { region: '3306', programme: 'orphan-institutional', monthlyFen: 204_000, effectiveFrom: '2020-01-01', document: SOURCE },
  { region: '3306', programme: 'orphan-dispersed', monthlyFen: 163_500, effectiveFrom: '2020-01-01', document: SOURCE },
  { region: '3306', programme: 'dibao', monthlyFen: 89_000, effectiveFrom: '2021-01-01', document: SOURCE },
]);
