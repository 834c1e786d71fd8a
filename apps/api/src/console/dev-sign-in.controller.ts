import { evolveOfficial, initialOfficialState, type OfficialState } from '@app/officials';
import type { OfficialsEvent } from '@app/officials/officials.events';
import { EVENT_STORE, type EventStore } from '@app/ledger/event-store.port';
import type { RecordedEvent } from '@app/ledger/envelope';
import { StreamNotFoundError } from '@app/ledger/errors';
import {
  type AppConfig,
  type Clock,
  CLOCK,
  CONFIG,
  ID_SOURCE,
  type IdSource,
  issueToken,
  Public,
  readSigningKey,
  RequestValidationException,
  type Role,
} from '@app/platform';
import { Body, Controller, Get, HttpCode, Inject, NotFoundException, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

/** A development token lives one working morning at most. */
export const DEV_TOKEN_TTL_SECONDS = 4 * 3600;
/** The list is for picking someone by hand; a whole city's staff is more than anyone scrolls. */
export const DEV_SIGN_IN_MAX_OFFICIALS = 500;

const OFFICIAL_STREAM_PREFIX = 'official-';

export interface DevSignInOfficial {
  readonly officialId: string;
  readonly name: string;
  readonly roles: readonly Role[];
  readonly unit: string;
}

export class DevSignInBody {
  @IsString()
  @Length(1, 200)
  officialId!: string;
}

/**
 * 开发登录: on the embedded default (LEDGER_CONSOLE_DEV_SIGN_IN), the console lists the officials
 * recorded in the ledger and gets a short-lived token for the one picked, with their roles and
 * unit, signed with the API's own key. Anywhere else both routes are a 404, as if absent.
 */
@ApiTags('Console')
@Public()
@Controller('dev-sign-in')
export class DevSignInController {
  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_SOURCE) private readonly ids: IdSource,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'development sign-in: the active officials recorded in the ledger (404 unless enabled)',
    description: 'Only with the embedded default’s own tokens and LEDGER_CONSOLE_DEV_SIGN_IN on; never with an identity provider.',
  })
  @ApiQuery({ name: 'q', required: false, description: 'only officials whose id, name, unit or role contains this text' })
  async list(
    @Query('q') q?: string,
  ): Promise<{ readonly officials: readonly DevSignInOfficial[]; readonly ttlSeconds: number; readonly truncated: boolean }> {
    this.assertEnabled();
    const wanted = typeof q === 'string' ? q.trim().toLowerCase().slice(0, 100) : '';
    const matches = (o: DevSignInOfficial) =>
      wanted === '' || [o.officialId, o.name, o.unit, ...o.roles].some((text) => text.toLowerCase().includes(wanted));
    const officials: DevSignInOfficial[] = [];
    let truncated = false;
    for await (const head of this.store.streamHeads()) {
      if (!head.streamId.startsWith(OFFICIAL_STREAM_PREFIX)) continue;
      if (officials.length >= DEV_SIGN_IN_MAX_OFFICIALS) {
        truncated = true;
        break;
      }
      const state = await this.official(head.streamId);
      if (state.status !== 'active') continue;
      const { officialId, name, roles, unit } = state.official;
      const official = { officialId, name, roles, unit };
      if (matches(official)) officials.push(official);
    }
    officials.sort((a, b) => a.unit.localeCompare(b.unit) || a.officialId.localeCompare(b.officialId));
    return { officials, ttlSeconds: DEV_TOKEN_TTL_SECONDS, truncated };
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'development sign-in: a short-lived token for an active official (404 unless enabled)' })
  async signIn(@Body() body: DevSignInBody): Promise<{ readonly token: string; readonly expiresAt: string; readonly official: DevSignInOfficial }> {
    const auth = this.assertEnabled();
    const state = await this.official(`${OFFICIAL_STREAM_PREFIX}${body.officialId}`);
    if (state.status !== 'active') {
      throw new RequestValidationException([
        { field: 'officialId', message: `${body.officialId} is no active official recorded in the ledger` },
      ]);
    }
    const { officialId, name, roles, unit } = state.official;
    const issued = await issueToken(
      await readSigningKey(auth.keyDir),
      { sub: officialId, roles, unit },
      { issuer: auth.issuer, audience: auth.audience, now: this.clock.now(), ttlSeconds: DEV_TOKEN_TTL_SECONDS, tokenId: this.ids.newId() },
    );
    return { token: issued.token, expiresAt: issued.expiresAt.toISOString(), official: { officialId, name, roles, unit } };
  }

  private assertEnabled(): Extract<AppConfig['auth'], { kind: 'embedded' }> {
    const { auth } = this.config;
    if (!this.config.console.devSignIn || auth.kind !== 'embedded') {
      throw new NotFoundException('the development sign-in is not enabled here: sign in with a token from the identity provider');
    }
    return auth;
  }

  private async official(streamId: string): Promise<OfficialState> {
    let events: RecordedEvent[];
    try {
      events = await this.store.readStream(streamId);
    } catch (error) {
      if (error instanceof StreamNotFoundError) return initialOfficialState();
      throw error;
    }
    return events.reduce((state, event) => evolveOfficial(state, event as unknown as OfficialsEvent), initialOfficialState());
  }
}
