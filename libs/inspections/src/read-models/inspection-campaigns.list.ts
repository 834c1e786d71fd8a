import { type ReadStore, readProjection } from '@app/projections';
import { unitLevel } from '@app/platform/jurisdiction';
import type { CampaignScope } from '../inspection.events';
import { type InspectionState, isOverdue } from '../inspection.state';
import { CAMPAIGNS_TABLE, INSPECTION_CAMPAIGNS } from './inspection-campaigns.projection';

export const CAMPAIGN_LIST_MAX_PAGE_SIZE = 100;

/**
 * Where a campaign stands, from its folded state: waiting for its draw; under way (drawn, no
 * rectification open); rectifying (an order not closed out yet); rectified (every order closed out).
 */
export type CampaignStatus = 'awaiting-draw' | 'under-way' | 'rectifying' | 'rectified';

export interface CampaignListItem {
  readonly campaignId: string;
  readonly title: string;
  readonly unit: string;
  readonly scope: CampaignScope | null;
  readonly openedAt: string | null;
  readonly status: CampaignStatus;
  /** Null until drawn. */
  readonly sample: { readonly size: number; readonly population: number; readonly treeSize: number } | null;
  readonly visits: number;
  readonly findings: { readonly total: number; readonly amountFen: number };
  readonly rectifications: { readonly total: number; readonly open: number; readonly overdue: number; readonly closedOut: number };
  /** The campaign stream's revision the row reflects (the ETag of GET /inspections/:id then). */
  readonly revision: number;
}

export interface CampaignListPage {
  readonly items: readonly CampaignListItem[];
  readonly page: number;
  readonly pageSize: number;
  readonly total: number;
}

export interface CampaignListFilter {
  /** The caller's unit: campaigns of that unit and below, and for a township those whose scope names it. */
  readonly unit: string;
  /** 1-based. */
  readonly page: number;
  readonly pageSize: number;
}

interface Row {
  campaign_id: string;
  last_revision: number | string;
  state: string;
}

/** The campaign summarised for a list; overdue rectifications are judged on `today` (a China date). */
export function campaignListItem(state: InspectionState, revision: number, today: string): CampaignListItem {
  const rectifications = state.rectifications;
  const open = rectifications.filter((r) => r.status !== 'closed').length;
  const status: CampaignStatus =
    state.draw === null ? 'awaiting-draw' : open > 0 ? 'rectifying' : rectifications.length > 0 ? 'rectified' : 'under-way';
  return {
    campaignId: state.campaignId ?? '',
    title: state.title,
    unit: state.unit,
    scope: state.scope,
    openedAt: state.openedAt,
    status,
    sample: state.draw
      ? { size: state.draw.sample.length, population: state.draw.population.count, treeSize: state.draw.treeHead.treeSize }
      : null,
    visits: state.visits.length,
    findings: { total: state.findings.length, amountFen: state.findings.reduce((sum, f) => sum + f.amountFen, 0) },
    rectifications: {
      total: rectifications.length,
      open,
      overdue: rectifications.filter((r) => isOverdue(r, today)).length,
      closedOut: rectifications.filter((r) => r.status === 'closed').length,
    },
    revision,
  };
}

/**
 * The campaigns a unit may read (as GET /inspections/:id allows), newest first, one page. A county
 * or city reads its own unit and below: a range of the unit index, counted and paged in SQL. A
 * township reads the campaigns of its county and city whose scope names it: the rows of those two
 * units that mention its code are narrowed in SQL and the scope is checked on each.
 */
export async function listCampaigns(store: ReadStore, filter: CampaignListFilter, today: string): Promise<CampaignListPage> {
  if (!Number.isSafeInteger(filter.page) || filter.page < 1) throw new RangeError('page must be a whole number from 1');
  if (!Number.isSafeInteger(filter.pageSize) || filter.pageSize < 1 || filter.pageSize > CAMPAIGN_LIST_MAX_PAGE_SIZE) {
    throw new RangeError(`pageSize must be a whole number from 1 to ${CAMPAIGN_LIST_MAX_PAGE_SIZE}`);
  }
  const unit = filter.unit.replace(/[^0-9]/g, '');
  const township = unitLevel(unit) === 'township';
  const where = township ? '(unit = ? OR unit = ?) AND state LIKE ?' : 'unit LIKE ?';
  const params = township ? [unit.slice(0, 6), unit.slice(0, 4), `%"${unit}"%`] : [`${unit}%`];
  const offset = (filter.page - 1) * filter.pageSize;
  return readProjection(store, INSPECTION_CAMPAIGNS, async (read, table) => {
    const c = table(CAMPAIGNS_TABLE);
    const counted = await read.get<{ n: number | string }>(`SELECT COUNT(*) AS n FROM ${c} WHERE ${where}`, params);
    const rows = await read.all<Row>(
      `SELECT campaign_id, last_revision, state FROM ${c} WHERE ${where} ORDER BY opened_at DESC, campaign_id LIMIT ? OFFSET ?`,
      [...params, filter.pageSize, offset],
    );
    const states = rows.map((row) => ({ state: JSON.parse(row.state) as InspectionState, revision: Number(row.last_revision) }));
    // The code in the JSON is a township of the scope: visits, findings and sample are all within it.
    const readable = township ? states.filter(({ state }) => state.scope?.townships.includes(unit)) : states;
    return {
      items: readable.map(({ state, revision }) => campaignListItem(state, revision, today)),
      page: filter.page,
      pageSize: filter.pageSize,
      total: Number(counted?.n ?? 0),
    };
  });
}
