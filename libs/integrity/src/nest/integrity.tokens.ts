/** The integrity store beside the event store (`integrity.sqlite` or `<schema>_integrity`). */
export const INTEGRITY_STORE = Symbol('INTEGRITY_STORE');
/** The IntegrityLog: heads, roots, proofs and the public key. */
export const INTEGRITY_LOG = Symbol('INTEGRITY_LOG');
/** The Notary when this process runs the loop, else null. */
export const NOTARY = Symbol('NOTARY');
