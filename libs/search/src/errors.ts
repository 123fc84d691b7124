/**
 * A search request that cannot be run as given: a malformed `q`, a cursor that does not decode or
 * belongs to another sort, a bad date or limit. The API maps it to 400; `position` (0-based, in
 * `q`) lets the dashboard point at the offending character.
 */
export class InvalidQueryError extends Error {
  override readonly name = 'InvalidQueryError';
  readonly position?: number;

  constructor(message: string, position?: number) {
    super(message);
    if (position !== undefined) this.position = position;
  }
}
