import { createApp } from '../apps/api/src/app.module';
import type { Command, Decider, DomainEvent } from '@app/ledger';
import { LedgerModule } from '@app/ledger/ledger.module';
import { DomainError } from '@app/ledger/domain';
import { EVENT_STORE, type EventStore } from '@app/ledger/event-store.port';
import {
  type AppConfig,
  AuthModule,
  CommandContext,
  CommandExecutor,
  CommandHttpModule,
  configureHttpApp,
  CurrentPrincipal,
  FixedClock,
  type HttpCommandContext,
  loadConfig,
  PlatformModule,
  type Principal,
  readSigningKey,
  Roles,
  SequentialIdSource,
} from '@app/platform';
import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { importJWK, SignJWT } from 'jose';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { bearer } from './support/tokens';

// A throwaway context: a counter that only goes up, to exercise the HTTP command path alone.
type Increment = Command<'Increment', { readonly by: number }>;
type Incremented = DomainEvent<'Incremented', { readonly by: number; readonly total: number }>;
interface Counter {
  readonly total: number;
}

const counter: Decider<Increment, Incremented, Counter> = {
  initialState: () => ({ total: 0 }),
  decide: (command, state) => {
    if (command.data.by > 10) throw DomainError.invalid('by', 'a counter goes up by at most 10 at a time');
    return [{ type: 'Incremented', data: { by: command.data.by, total: state.total + command.data.by } }];
  },
  evolve: (state, event) => ({ total: event.data.total }),
};

class IncrementBody {
  @IsInt()
  @Min(1)
  @Max(100)
  by!: number;

  @IsOptional()
  @IsString()
  delegationId?: string;
}

@Controller('counters')
class CountersController {
  constructor(private readonly executor: CommandExecutor) {}

  @Post(':id/increments')
  @Roles('township-approver')
  increment(@Param('id') id: string, @Body() body: IncrementBody, @CommandContext() context: HttpCommandContext) {
    return this.executor.run({
      context,
      decider: counter,
      streamId: `counter-${id}`,
      role: 'township-approver',
      type: 'Increment',
      data: { by: body.by },
      delegationId: body.delegationId,
    });
  }

  /** No @Roles: anyone signed in reaches the executor, which still refuses a role not held. */
  @Post(':id/reviews')
  review(@Param('id') id: string, @CommandContext() context: HttpCommandContext) {
    return this.executor.run({
      context,
      decider: counter,
      streamId: `counter-${id}`,
      role: 'county-reviewer',
      type: 'Increment',
      data: { by: 1 },
      view: (state) => ({ total: state.total }),
    });
  }

  @Get(':id')
  read(@Param('id') id: string) {
    return this.executor.readState({ decider: counter, streamId: `counter-${id}` });
  }

  @Get('-/me')
  me(@CurrentPrincipal() principal: Principal) {
    return principal;
  }
}

const approver = { sub: 'official-7', roles: ['township-approver' as const], unit: '330602001' };

describe('authentication and the HTTP command path', () => {
  let root: string;
  let config: AppConfig;
  let clock: FixedClock;
  let app: NestExpressApplication;
  let store: EventStore;
  let asApprover: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'ledger-auth-e2e-'));
    config = loadConfig({ LEDGER_DATA_DIR: join(root, 'data') });
    clock = new FixedClock('2025-03-03T02:00:00.000Z');
    const moduleRef = await Test.createTestingModule({
      imports: [
        PlatformModule.forRoot(config, { clock, ids: new SequentialIdSource() }),
        LedgerModule,
        AuthModule.forRoot(),
        CommandHttpModule,
      ],
      controllers: [CountersController],
    }).compile();
    app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: false });
    configureHttpApp(app, config);
    await app.init();
    store = app.get<EventStore>(EVENT_STORE);
    asApprover = await bearer(config, clock, approver);
  });

  afterAll(async () => {
    await app?.close();
    rmSync(root, { recursive: true, force: true });
  });

  const http = () => request(app.getHttpServer());

  describe('a request without a usable token', () => {
    it('without one is a 401 problem with a Bearer challenge', async () => {
      const response = await http().post('/counters/a/increments').send({ by: 1 }).expect(401);
      expect(response.headers['www-authenticate']).toBe('Bearer realm="assistance-ledger"');
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toEqual({
        type: 'about:blank',
        title: 'Unauthorized',
        status: 401,
        detail: 'no bearer token: send the header Authorization: Bearer <token>',
        instance: '/counters/a/increments',
      });
    });

    it('with an expired one is a 401 saying it expired', async () => {
      const shortLived = await bearer(config, clock, approver, 60);
      const start = clock.now();
      // Past its exp and past the 30 s the verifier allows for clock skew.
      clock.advance(60_000 + 31_000);
      try {
        const response = await http().get('/counters/-/me').set('Authorization', shortLived).expect(401);
        expect(response.body.detail).toMatch(/^the bearer token expired 2025-03-03T02:01:00.000Z/);
        expect(response.headers['www-authenticate']).toMatch(/^Bearer realm="assistance-ledger", error="invalid_token", error_description="the bearer token expired/);
      } finally {
        clock.set(start);
      }
    });

    it('with a bad signature, malformed claims or a malformed header is a 401 saying which', async () => {
      const [header, payload, signature] = asApprover.slice('Bearer '.length).split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      const elevated = Buffer.from(JSON.stringify({ ...claims, roles: ['admin'] })).toString('base64url');
      const forged = await http().get('/counters/-/me').set('Authorization', `Bearer ${header}.${elevated}.${signature}`).expect(401);
      expect(forged.body.detail).toBe("the bearer token's signature does not verify");

      const key = await readSigningKey(join(root, 'data', 'keys'));
      const iat = Math.floor(clock.now().getTime() / 1000);
      const noCode = await new SignJWT({ ...claims, unit: 'Shaoxing', iat, exp: iat + 600 })
        .setProtectedHeader({ alg: 'EdDSA', kid: key.kid })
        .sign(await importJWK(key.privateJwk, 'EdDSA'));
      const malformed = await http().get('/counters/-/me').set('Authorization', `Bearer ${noCode}`).expect(401);
      expect(malformed.body.detail).toBe(
        `the bearer token's claims are malformed: claim "unit" must be a 4-digit city, 6-digit county or 9-digit township code (got "Shaoxing")`,
      );

      const basic = await http().get('/counters/-/me').set('Authorization', 'Basic b2ZmaWNpYWw6cHc=').expect(401);
      expect(basic.body.detail).toBe('the Authorization header must be "Bearer <token>"');

      const garbage = await http().get('/counters/-/me').set('Authorization', 'Bearer not-a-jwt').expect(401);
      expect(garbage.body.detail).toMatch(/^the bearer token is not a well-formed signed JWT/);
    });
  });

  describe('a request with a valid token', () => {
    it('reaches a route that asks for the principal, which is what the token says', async () => {
      const response = await http().get('/counters/-/me').set('Authorization', asApprover).expect(200);
      expect(response.body).toEqual(approver);
    });

    it('is a 403 problem on a route for roles it does not hold', async () => {
      const auditor = await bearer(config, clock, { sub: 'auditor-1', roles: ['auditor'], unit: '3306' });
      const response = await http().post('/counters/a/increments').set('Authorization', auditor).send({ by: 1 }).expect(403);
      expect(response.body).toMatchObject({
        status: 403,
        code: 'role-required',
        requiredRoles: ['township-approver'],
        heldRoles: ['auditor'],
      });
    });

    it('is a 403 problem when the command is taken under a role it does not hold', async () => {
      const response = await http().post('/counters/a/reviews').set('Authorization', asApprover).expect(403);
      expect(response.body).toMatchObject({ code: 'role-not-held', role: 'county-reviewer', heldRoles: ['township-approver'] });
    });
  });

  describe('a command', () => {
    it('is a 201 with the new revision as ETag, and its events carry the actor from the token', async () => {
      const response = await http()
        .post('/counters/c1/increments')
        .set('Authorization', asApprover)
        .set('X-Correlation-Id', 'journey-42')
        .send({ by: 2, delegationId: 'delegation-330602001-1' })
        .expect(201);
      expect(response.headers.etag).toBe('"0"');
      expect(response.body).toMatchObject({
        streamId: 'counter-c1',
        revision: 0,
        state: { total: 2 },
        replayed: false,
        checkpoint: expect.any(String),
      });
      expect(response.body.events).toHaveLength(1);
      expect(response.body.events[0]).toMatchObject({
        streamId: 'counter-c1',
        revision: 0,
        type: 'Incremented',
        data: { by: 2, total: 2 },
        integrity: { hash: expect.stringMatching(/^[0-9a-f]{64}$/) },
        metadata: {
          actor: { id: 'official-7', role: 'township-approver', unit: '330602001' },
          commandId: expect.stringMatching(/^[0-9a-f-]{36}$/),
          correlationId: 'journey-42',
          causationId: null,
          occurredAt: '2025-03-03T02:00:00.000Z',
          delegationId: 'delegation-330602001-1',
        },
      });
      const [stored] = await store.readStream('counter-c1');
      expect(stored.metadata).toEqual(response.body.events[0].metadata);
    });

    it('whose body tries to name its own actor is refused before it reaches the ledger', async () => {
      const response = await http()
        .post('/counters/c9/increments')
        .set('Authorization', asApprover)
        .send({ by: 1, actor: { id: 'someone-else', role: 'admin', unit: '3306' }, metadata: { actor: 'x' } })
        .expect(400);
      expect(response.body.errors).toEqual([
        { field: 'actor', message: 'property actor should not exist' },
        { field: 'metadata', message: 'property metadata should not exist' },
      ]);
      await expect(store.readStream('counter-c9')).rejects.toThrow(/does not exist/);
    });

    it('with If-Match of the current revision appends; with a stale one is a 412 and appends nothing', async () => {
      const current = await http().get('/counters/c1').set('Authorization', asApprover).expect(200);
      expect(current.headers.etag).toBe('"0"');
      expect(current.body).toEqual({ streamId: 'counter-c1', revision: 0, state: { total: 2 } });

      const fresh = await http()
        .post('/counters/c1/increments')
        .set('Authorization', asApprover)
        .set('If-Match', current.headers.etag)
        .send({ by: 3 })
        .expect(201);
      expect(fresh.headers.etag).toBe('"1"');
      expect(fresh.body.state).toEqual({ total: 5 });

      const stale = await http()
        .post('/counters/c1/increments')
        .set('Authorization', asApprover)
        .set('If-Match', 'W/"0"')
        .send({ by: 1 })
        .expect(412);
      expect(stale.body).toMatchObject({ code: 'wrong-expected-revision', streamId: 'counter-c1', expected: 0, actual: 1 });
      expect(await store.readStream('counter-c1')).toHaveLength(2);
    });

    it('repeated with the same Idempotency-Key gets the same answer and appends one set of events', async () => {
      const send = () =>
        http().post('/counters/c2/increments').set('Authorization', asApprover).set('Idempotency-Key', 'increment-c2-1').send({ by: 4 });
      const first = await send().expect(201);
      const retry = await send().expect(201);
      expect(retry.headers.etag).toBe(first.headers.etag);
      expect(retry.body).toEqual({ ...first.body, replayed: true });
      expect(first.body.replayed).toBe(false);
      expect(await store.readStream('counter-c2')).toHaveLength(1);

      const another = await http()
        .post('/counters/c2/increments')
        .set('Authorization', asApprover)
        .set('Idempotency-Key', 'increment-c2-2')
        .send({ by: 4 })
        .expect(201);
      expect(another.body.state).toEqual({ total: 8 });
    });

    it("with another official's key of the same name is a command of its own", async () => {
      const colleague = await bearer(config, clock, { ...approver, sub: 'official-8' });
      const mine = await http().post('/counters/c3/increments').set('Authorization', asApprover).set('Idempotency-Key', 'k').send({ by: 1 });
      const theirs = await http().post('/counters/c3/increments').set('Authorization', colleague).set('Idempotency-Key', 'k').send({ by: 1 });
      expect(theirs.body.replayed).toBe(false);
      expect(theirs.body.events[0].metadata.commandId).not.toBe(mine.body.events[0].metadata.commandId);
      expect(await store.readStream('counter-c3')).toHaveLength(2);
    });

    it.each([
      ['If-Match', '3', 'If-Match must be the ETag of the revision the command was decided on, e.g. "3" (got "3")'],
      ['If-Match', '*', 'If-Match must be the ETag of the revision the command was decided on, e.g. "3" (got "*")'],
      ['Idempotency-Key', 'k'.repeat(201), 'Idempotency-Key must be 1 to 200 printable ASCII characters'],
      ['X-Correlation-Id', 'x'.repeat(201), 'X-Correlation-Id must be 1 to 200 printable ASCII characters'],
    ])('with a malformed %s header is a 400 naming it', async (header, value, message) => {
      const response = await http().post('/counters/c4/increments').set('Authorization', asApprover).set(header, value).send({ by: 1 }).expect(400);
      expect(response.body).toMatchObject({ status: 400, code: 'invalid-request', errors: [{ field: header, message }] });
      await expect(store.readStream('counter-c4')).rejects.toThrow(/does not exist/);
    });

    it('refused by the decider is a problem and appends nothing', async () => {
      const response = await http().post('/counters/c5/increments').set('Authorization', asApprover).send({ by: 11 }).expect(400);
      expect(response.body).toMatchObject({ errors: [{ field: 'by', message: 'a counter goes up by at most 10 at a time' }] });
      expect(response.headers.etag).toBeUndefined();
    });
  });

  describe('reading state', () => {
    it('of a stream that does not exist is a 404 problem', async () => {
      const response = await http().get('/counters/none').set('Authorization', asApprover).expect(404);
      expect(response.body).toMatchObject({ code: 'stream-not-found', streamId: 'counter-none' });
      expect(response.headers.etag).toBeUndefined();
    });
  });
});

describe('the API as served', () => {
  let root: string;
  let app: Awaited<ReturnType<typeof createApp>>;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'ledger-auth-api-'));
    app = await createApp(loadConfig({ LEDGER_DATA_DIR: join(root, 'data') }), { logger: false });
    await app.init();
  });
  afterAll(async () => {
    await app?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('publishes the public key of its token signing key at /.well-known/jwks.json, without a token', async () => {
    const response = await request(app.getHttpServer()).get('/.well-known/jwks.json').expect(200);
    expect(response.body.keys).toEqual([
      { kty: 'OKP', crv: 'Ed25519', x: expect.any(String), kid: expect.any(String), alg: 'EdDSA', use: 'sig' },
    ]);
  });

  it('serves its OpenAPI document at /docs without a token, with bearer auth on every route that is not public', async () => {
    await request(app.getHttpServer()).get('/docs').expect(200).expect('content-type', /text\/html/);
    const { body } = await request(app.getHttpServer()).get('/docs/openapi.json').expect(200);
    expect(body.components.securitySchemes.bearer).toEqual({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    expect(body.security).toEqual([{ bearer: [] }]);
    expect(body.paths['/streams/{id}'].get.security).toBeUndefined();
    expect(body.paths['/health'].get.security).toEqual([{}]);
    expect(body.paths['/.well-known/jwks.json'].get.security).toEqual([{}]);
  });
});
