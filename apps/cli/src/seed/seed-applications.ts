import type { City, Household, Township } from './city-model';

/** The data of a household's application, 核对 report and home visit, with what the plan plants in them. */

export function applicationOf(city: City, t: Township, h: Household): object {
  const a = city.anomalies;
  const shared = a.sharedAccounts.get(h.n);
  const account = shared ? city.households[shared.from].account : h.account;
  const duplicate = a.duplicates.get(h.n);
  const idNumbers = duplicate ? [...h.idNumbers, city.households[duplicate.from].idNumbers[0]] : h.idNumbers;
  const relations = ['applicant', 'spouse', 'child', 'child', 'other-dependant'];
  return {
    programme: h.programme,
    ...(h.programme === 'temporary' ? { track: 'full' } : {}),
    townshipCode: t.code,
    household: {
      members: idNumbers.map((idNumber, m) => ({
        relation: duplicate && m === idNumbers.length - 1 ? 'other-dependant' : relations[m],
        personal: { name: `户${h.n + 1}成员${m + 1}`, idNumber },
      })),
      monthlyIncomeFen: h.wagesFen > 0 ? { wages: h.wagesFen } : {},
      assets: { financialFen: 300_000, vehicles: 0, realEstateUnits: 1 },
    },
    personal: h.programme === 'temporary' ? {} : { bankAccount: { bankName: '绍兴银行', accountNumber: account } },
    honestyPledge: true,
    dataCheckAuthorised: true,
    relatedToStaff: { declared: false },
    nearRelativeMatches: [],
  };
}

export function meansCheckOf(city: City, h: Household, today: string): object {
  return {
    reportRef: `HD-${h.caseId}`,
    requestedOn: today,
    reportedOn: today,
    sourcesChecked: ['户籍', '纳税', '社保', '不动产', '车船', '市场主体'],
    findings: {
      monthlyIncomeFen: h.wagesFen > 0 ? { wages: h.wagesFen } : {},
      financialAssetsFen: 300_000,
      vehicles: city.anomalies.vehicles.has(h.n) ? 1 : 0,
      realEstateUnits: 1,
      businessRegistrations: 0,
      publicPayrollJob: false,
      incomeOverLimit: false,
    },
  };
}

export function homeVisitOf(t: Township, h: Household, today: string): object {
  return {
    visitId: `v-${h.caseId}`,
    visitedOn: today,
    investigatorIds: [...t.clerks],
    byCounty: false,
    mode: 'in-person',
    findings: '住房简陋，收入与申报一致',
  };
}
