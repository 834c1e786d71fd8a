import { assertBankAccount, assertResidentId } from '@app/households';
import { DomainError } from '@app/ledger/domain';
import { unitLevel } from '@app/platform/jurisdiction';
import type { SubmitApplication } from './case.commands';
import type { ApplicationSubmitted, CaseEvent, NearRelativeCaseRegistered } from './case.events';
import { requireJurisdiction, requireRole, todayOf, TOWNSHIP_STAFF } from './case.guards';
import { PROGRAMMES, TEMPORARY_TRACKS } from './case.policy';
import type { CaseState } from './case.state';
import { RELATIONS } from './case.values';
import {
  requireArray,
  requireBoolean,
  requireCount,
  requireFen,
  requireId,
  requireIncome,
  requireObject,
  requireOneOf,
  requireText,
} from './case.validation';

/** 申请: the application, its household, and the separate registration of near-relative cases. */

export function submitApplication(command: SubmitApplication, state: CaseState): CaseEvent[] {
  const d = command.data;
  if (state.status !== 'none') {
    throw DomainError.conflict('case-already-exists', `case ${String(d.caseId)} already exists`);
  }
  requireRole(command, TOWNSHIP_STAFF, 'receive an application');
  const caseId = requireId(d.caseId, 'caseId');
  if (typeof d.townshipCode !== 'string' || unitLevel(d.townshipCode) !== 'township') {
    throw DomainError.invalid('townshipCode', 'townshipCode must be a 9-digit township or street code');
  }
  requireJurisdiction(command, d.townshipCode);
  const today = todayOf(command);
  const programme = requireOneOf(d.programme, PROGRAMMES, 'programme');
  let track: ApplicationSubmitted['data']['track'] = null;
  if (programme === 'temporary') track = requireOneOf(d.track, TEMPORARY_TRACKS, 'track');
  else if (d.track !== undefined) throw DomainError.invalid('track', 'only 临时救助 has a track');

  const household = requireObject(d.household, 'household');
  const { relations, people } = members(household.members, today);
  const monthlyIncomeFen = requireIncome(household.monthlyIncomeFen, 'household.monthlyIncomeFen');
  const assets = requireObject(household.assets, 'household.assets');
  const declaredAssets = {
    financialFen: requireFen(assets.financialFen, 'household.assets.financialFen'),
    vehicles: requireCount(assets.vehicles, 'household.assets.vehicles'),
    realEstateUnits: requireCount(assets.realEstateUnits, 'household.assets.realEstateUnits'),
  };
  const personal = d.personal === undefined ? {} : requireObject(d.personal, 'personal');
  const bankAccount = account(personal.bankAccount, programme !== 'temporary');
  if (d.honestyPledge !== true) {
    throw DomainError.invalid('honestyPledge', 'the applicant must sign the truthfulness pledge (诚信承诺)');
  }
  if (d.dataCheckAuthorised !== true) {
    throw DomainError.invalid(
      'dataCheckAuthorised',
      'the household must authorise the check of its economic data (核对授权)',
    );
  }
  const staff = staffRelation(d.relatedToStaff);
  const matches = requireArray(d.nearRelativeMatches, 'nearRelativeMatches').map((m, i) => {
    const at = `nearRelativeMatches[${i}]`;
    const match = requireObject(m, at);
    const idNumber = typeof match.memberIdNumber === 'string' ? match.memberIdNumber.toUpperCase() : '';
    const memberIndex = people.findIndex((p) => p.idNumber === idNumber);
    if (memberIndex < 0) {
      throw DomainError.invalid(`${at}.memberIdNumber`, `${at}.memberIdNumber is not a member of this household`);
    }
    return {
      officialId: requireId(match.officialId, `${at}.officialId`),
      relation: requireText(match.relation, `${at}.relation`, 50),
      memberIndex,
    };
  });

  const credit = creditOf(d.creditStanding, programme, today);

  const submitted: ApplicationSubmitted = {
    type: 'ApplicationSubmitted',
    data: {
      caseId,
      programme,
      track,
      townshipCode: d.townshipCode,
      submittedOn: today,
      household: {
        members: relations.map((relation) => ({ relation })),
        monthlyIncomeFen,
        assets: declaredAssets,
      },
      honestyPledge: true,
      dataCheckAuthorised: true,
      relatedToStaff: staff.declared
        ? { declared: true, staffRole: staff.staffRole, relation: staff.relation }
        : { declared: false },
      ...(credit ? { credit } : {}),
      personal: {
        members: people,
        ...(bankAccount ? { bankAccount } : {}),
        ...(staff.declared && staff.staffName ? { staffName: staff.staffName } : {}),
      },
    },
  };
  if (!staff.declared && matches.length === 0) return [submitted];
  const registered: NearRelativeCaseRegistered = {
    type: 'NearRelativeCaseRegistered',
    data: {
      caseId,
      townshipCode: d.townshipCode,
      registeredOn: today,
      selfDeclared: staff.declared,
      matches,
      countyHomeVisitRequired: true,
    },
  };
  return [submitted, registered];
}

/**
 * 救助诚信 at intake: a ban in force on a programme it covers refuses the application, citing the
 * record and its legal basis; a lower grade is written on the application with the checks it calls for.
 */
function creditOf(value: unknown, programme: string, today: string): ApplicationSubmitted['data']['credit'] {
  if (value === undefined || value === null) return undefined;
  const standing = requireObject(value, 'creditStanding');
  const householdId = requireId(standing.householdId, 'creditStanding.householdId');
  const grade = requireText(standing.grade, 'creditStanding.grade', 20);
  const policyVersion = requireText(standing.policyVersion, 'creditStanding.policyVersion', 64);
  const ban = standing.ban === null || standing.ban === undefined ? null : requireObject(standing.ban, 'creditStanding.ban');
  if (ban !== null && typeof ban.until === 'string' && ban.until >= today) {
    const programmes = requireArray(ban.programmes, 'creditStanding.ban.programmes');
    if (programmes.includes(programme)) {
      const legalBasis = requireArray(ban.legalBasis, 'creditStanding.ban.legalBasis').map(String);
      throw DomainError.conflict(
        'credit-ban-in-force',
        `不予受理: household ${householdId} is barred from applying for ${programme} until ${ban.until} ` +
          `(credit record ${String(ban.recordId)}, ${String(ban.behaviour)}); basis: ${legalBasis.join('; ')}`,
        {
          householdId,
          grade,
          until: ban.until,
          recordId: ban.recordId,
          behaviour: ban.behaviour,
          legalBasis,
          policyVersion,
        },
      );
    }
  }
  const countyHomeVisitRequired = requireBoolean(standing.countyHomeVisit, 'creditStanding.countyHomeVisit');
  if (grade === 'good' && !countyHomeVisitRequired) return undefined;
  return { householdId, grade, policyVersion, countyHomeVisitRequired };
}

function members(value: unknown, today: string) {
  const list = requireArray(value, 'household.members', { nonEmpty: true });
  const relations: (typeof RELATIONS)[number][] = [];
  const people: { name: string; idNumber: string }[] = [];
  list.forEach((raw, i) => {
    const at = `household.members[${i}]`;
    const member = requireObject(raw, at);
    relations.push(requireOneOf(member.relation, RELATIONS, `${at}.relation`));
    const personal = requireObject(member.personal, `${at}.personal`);
    const name = requireText(personal.name, `${at}.personal.name`, 100);
    const idNumber = assertResidentId(`${at}.personal.idNumber`, personal.idNumber, { asOf: today });
    const earlier = people.findIndex((p) => p.idNumber === idNumber);
    if (earlier >= 0) {
      throw DomainError.invalid(
        `${at}.personal.idNumber`,
        `${at}.personal.idNumber repeats household.members[${earlier}]`,
      );
    }
    people.push({ name, idNumber });
  });
  if (!relations.includes('applicant')) {
    throw DomainError.invalid('household.members', 'one member must be the applicant (relation: applicant)');
  }
  return { relations, people };
}

function account(value: unknown, required: boolean) {
  if (value === undefined) {
    if (required) {
      throw DomainError.invalid(
        'personal.bankAccount',
        '低保 and 特困 are paid monthly to a bank account: it is required',
      );
    }
    return undefined;
  }
  const bank = requireObject(value, 'personal.bankAccount');
  return {
    bankName: requireText(bank.bankName, 'personal.bankAccount.bankName', 100),
    accountNumber: assertBankAccount('personal.bankAccount.accountNumber', bank.accountNumber),
  };
}

function staffRelation(value: unknown) {
  const relation = requireObject(value, 'relatedToStaff');
  if (!requireBoolean(relation.declared, 'relatedToStaff.declared')) return { declared: false as const };
  const personal = relation.personal === undefined ? {} : requireObject(relation.personal, 'relatedToStaff.personal');
  return {
    declared: true as const,
    staffRole: requireOneOf(
      relation.staffRole,
      ['assistance-staff', 'committee-member'] as const,
      'relatedToStaff.staffRole',
    ),
    relation: requireText(relation.relation, 'relatedToStaff.relation', 50),
    staffName:
      personal.staffName === undefined
        ? undefined
        : requireText(personal.staffName, 'relatedToStaff.personal.staffName', 100),
  };
}
