/** Base of every error the risk engine throws: a short human message, the original error as `cause`. */
export class RiskError extends Error {
  override name = 'RiskError';
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
  }
}

/** A data row the engine refuses: names the source, the row (1-based line number) and the field. */
export class DataError extends RiskError {
  override name = 'DataError';
  constructor(
    readonly source: string,
    readonly row: number,
    readonly field: string,
    readonly reason: string,
    options: { cause?: unknown } = {},
  ) {
    super(`${source} row ${row}, field "${field}": ${reason}`, options);
  }
}

/** An incident whose attack type maps to no risk category. */
export class UnknownCategoryError extends DataError {
  override name = 'UnknownCategoryError';
  constructor(source: string, row: number, readonly attackType: string) {
    super(source, row, 'attack_type', `unknown attack type "${attackType}": map it in ATTACK_TYPE_CATEGORIES or PROTOCOL_CATEGORY_OVERRIDES`);
  }
}

/** A model fitted for year `year` touched a record dated `date` (>= the start of that year). */
export class LookAheadError extends RiskError {
  override name = 'LookAheadError';
  constructor(readonly source: string, readonly year: number, readonly date: string) {
    super(`look-ahead: the fit for ${year} read ${source} record dated ${date}`);
  }
}

/** A model input or option out of its valid range. */
export class ParameterError extends RiskError {
  override name = 'ParameterError';
  constructor(readonly parameter: string, message: string) {
    super(`${parameter}: ${message}`);
  }
}

/** A proposed parameter beyond governance's on-chain bounds or the configured largest change. */
export class BoundsError extends RiskError {
  override name = 'BoundsError';
  constructor(
    readonly parameter: string,
    readonly value: number,
    readonly min: number,
    readonly max: number,
    reason: string,
  ) {
    super(`${parameter} = ${value} is outside [${min}, ${max}] (${reason})`);
  }
}
