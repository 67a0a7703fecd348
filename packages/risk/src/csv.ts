import { DataError } from './errors.js';

/** One parsed CSV record: its 1-based line number in the source and its fields by header name. */
export interface CsvRecord {
  line: number;
  fields: Readonly<Record<string, string>>;
}

function splitLine(line: string, source: string, lineNo: number): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"') {
        if (line[i + 1] === '"') {
          cur += '"';
          i++;
        } else quoted = false;
      } else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (quoted) throw new DataError(source, lineNo, '*', 'unterminated quoted field');
  out.push(cur);
  return out;
}

/**
 * Parses CSV text (RFC 4180 quoting, one record per line; `#` comment lines and blank lines skipped).
 * Every record must have exactly the header's number of fields and the header must name `required`;
 * anything else is a `DataError` naming the line.
 */
export function parseCsv(text: string, source: string, required: readonly string[]): CsvRecord[] {
  const lines = text.split(/\r?\n/);
  let header: string[] | undefined;
  const records: CsvRecord[] = [];
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const lineNo = i + 1;
    if (raw.trim() === '' || raw.startsWith('#')) continue;
    const cells = splitLine(raw, source, lineNo);
    if (!header) {
      header = cells.map((c) => c.trim());
      for (const name of required) if (!header.includes(name)) throw new DataError(source, lineNo, name, 'missing column in the header');
      continue;
    }
    if (cells.length !== header.length) {
      throw new DataError(source, lineNo, '*', `expected ${header.length} fields (${header.join(',')}), got ${cells.length}`);
    }
    const fields: Record<string, string> = {};
    header.forEach((name, j) => (fields[name] = cells[j]!.trim()));
    records.push({ line: lineNo, fields });
  }
  if (!header) throw new DataError(source, 1, '*', 'empty file: no header');
  return records;
}

/** Field readers: each throws a `DataError` naming source, row and field. */
export const field = {
  string(r: CsvRecord, source: string, name: string): string {
    const v = r.fields[name];
    if (v === undefined || v === '') throw new DataError(source, r.line, name, 'empty');
    return v;
  },
  number(r: CsvRecord, source: string, name: string, opts: { min?: number; max?: number; integer?: boolean } = {}): number {
    const text = field.string(r, source, name);
    const v = Number(text);
    if (!Number.isFinite(v) || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) throw new DataError(source, r.line, name, `not a number: "${text}"`);
    if (opts.integer && !Number.isInteger(v)) throw new DataError(source, r.line, name, `not an integer: ${text}`);
    if (opts.min !== undefined && v < opts.min) throw new DataError(source, r.line, name, `${v} is below ${opts.min}${opts.min === 0 ? ' (negative)' : ''}`);
    if (opts.max !== undefined && v > opts.max) throw new DataError(source, r.line, name, `${v} is above ${opts.max}`);
    return v;
  },
  /** An ISO date `YYYY-MM-DD` (a time part after a space or T is allowed and kept). */
  date(r: CsvRecord, source: string, name: string): string {
    const text = field.string(r, source, name);
    const m = /^(\d{4})-(\d{2})-(\d{2})([ T]\d{2}:\d{2}(:\d{2})?)?$/.exec(text);
    const t = m ? Date.parse(`${m[1]}-${m[2]}-${m[3]}T00:00:00Z`) : NaN;
    if (!m || !Number.isFinite(t) || new Date(t).toISOString().slice(0, 10) !== text.slice(0, 10)) {
      throw new DataError(source, r.line, name, `not a date (YYYY-MM-DD): "${text}"`);
    }
    return text;
  },
};
