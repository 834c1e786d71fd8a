import { v5 as uuidv5 } from 'uuid';

/** Namespace of household ids (fixed, random). */
export const HOUSEHOLD_ID_NAMESPACE = 'b7d0c7a2-3f5e-4a51-9c1e-6d2f8e4a9b13';

/**
 * A household's id: UUIDv5 of the resident ID number (GB 11643, upper-case X) of the member it is
 * keyed by — the applicant when the record was made. Stable, derivable by anyone holding the
 * number, and not the number itself, so the stream name reveals no personal data.
 */
export function householdIdOf(idNumber: string): string {
  return uuidv5(idNumber.trim().toUpperCase(), HOUSEHOLD_ID_NAMESPACE);
}
