/**
 * Why a request is not authenticated. Each reason is a 401 whose detail says which, so a client
 * can tell "log in again" (expired) from "this client is broken" (malformed).
 */
export type AuthenticationFailure =
  | 'missing'
  | 'malformed-header'
  | 'malformed-token'
  | 'expired'
  | 'not-yet-valid'
  | 'bad-signature'
  | 'wrong-algorithm'
  | 'wrong-issuer'
  | 'wrong-audience'
  | 'malformed-claims';

export class AuthenticationError extends Error {
  constructor(
    readonly reason: AuthenticationFailure,
    message: string,
  ) {
    super(message);
    this.name = 'AuthenticationError';
  }
}

/**
 * The identity provider's key set could not be fetched or read: the token may well be good, so
 * this is the server's 503, never the client's 401 (which would make clients drop their tokens).
 */
export class KeySetUnavailableError extends Error {
  constructor(readonly reason: string) {
    super(`the identity provider's key set is unavailable: ${reason}`);
    this.name = 'KeySetUnavailableError';
  }
}
