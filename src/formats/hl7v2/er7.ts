import type { Hl7v2Field, Hl7v2Segment, Hl7v2Value } from './hl7v2-message';

/** The standard encoding characters (MSH-2): component, repetition, escape, subcomponent. */
export const ENCODING_CHARACTERS = '^~\\&';

const ESCAPES: Record<string, string> = { '|': '\\F\\', '^': '\\S\\', '~': '\\R\\', '\\': '\\E\\', '&': '\\T\\' };

/**
 * A value as ER7 field data: each delimiter as its escape sequence (`\F\ \S\ \R\ \E\ \T\`),
 * line breaks and other control characters as hexadecimal escapes (`\X0D\`, `\X0A\`), since a
 * bare CR would end the segment. Other characters pass as they are (UTF-8, declared in MSH-18).
 */
export function escapeValue(value: Hl7v2Value): string {
  if (value === null || value === undefined) return '';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is escaped
  return String(value).replace(/[|^~\\&\u0000-\u001f\u007f]/g, (c) => {
    const named = ESCAPES[c];
    if (named) return named;
    return `\\X${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}\\`;
  });
}

/** Drops the empty values at the end, as ER7 writes them. */
function trimmed(parts: string[]): string[] {
  let n = parts.length;
  while (n > 0 && parts[n - 1] === '') n--;
  return parts.slice(0, n);
}

function writeField(field: Hl7v2Field): string {
  if (!Array.isArray(field)) return escapeValue(field);
  const components = field.map((c) => (Array.isArray(c) ? trimmed(c.map(escapeValue)).join('&') : escapeValue(c)));
  return trimmed(components).join('^');
}

/** One segment as ER7: its id, then its fields separated by `|`. */
export function writeSegment([id, ...fields]: Hl7v2Segment): string {
  return [id, ...trimmed(fields.map(writeField))].join('|');
}

/** MSH: field 1 is the field separator itself and field 2 the encoding characters, both unescaped. */
export function writeHeader(fromField3: Hl7v2Field[]): string {
  return `MSH|${ENCODING_CHARACTERS}|${trimmed(fromField3.map(writeField)).join('|')}`;
}

/** Segments end with a carriage return, the last one included. */
export const SEGMENT_END = '\r';
