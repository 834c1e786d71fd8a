import { Injectable } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PROBLEM_CONTENT_TYPE } from '@app/platform';

/**
 * Set on SIGTERM, before the app closes: from then on a new request is answered 503 (a problem,
 * with `Connection: close` and Retry-After, so the client goes to another instance) while those in
 * flight finish. Liveness still answers: the process is alive, just leaving.
 */
@Injectable()
export class Draining {
  private draining = false;

  get active(): boolean {
    return this.draining;
  }

  begin(): void {
    this.draining = true;
  }

  readonly middleware = (request: IncomingMessage, response: ServerResponse, next: () => void): void => {
    if (!this.draining) return next();
    // Whatever else answers on this connection, it must not be kept for a next request.
    response.setHeader('Connection', 'close');
    if (request.url === '/health/live') return next();
    response.statusCode = 503;
    response.setHeader('Content-Type', `${PROBLEM_CONTENT_TYPE}; charset=utf-8`);
    response.setHeader('Retry-After', '1');
    response.end(
      JSON.stringify({
        type: 'urn:assistance-ledger:problem:shutting-down',
        title: 'Service Unavailable',
        status: 503,
        detail: 'this instance is shutting down; send the request again (to another instance)',
        code: 'shutting-down',
      }),
    );
  };
}
