/** What stands in for a secret in anything the module stores or shows. */
export const REDACTED = '[redacted]';

/**
 * Keeps an endpoint's secrets (the Basic credential, custom header values) out of what is
 * stored about a request to it: the request headers, and the response's headers and body,
 * which a receiver that echoes its request would otherwise fill with them.
 */
export class Redactor {
  /** Redacts nothing: for requests that carry no secret. */
  static readonly none = new Redactor([], []);

  /** Secrets as they may appear in a text: as sent, and JSON-escaped (an echo in a JSON body); longest first. */
  private readonly needles: string[];
  private readonly secretHeaders: Set<string>;

  /**
   * @param secretHeaders names of the request headers whose values are secrets (any case)
   * @param secrets the values to find in a response (empty ones are ignored)
   */
  constructor(
    secretHeaders: string[],
    private readonly secrets: string[],
  ) {
    this.secretHeaders = new Set(secretHeaders.map((n) => n.toLowerCase()));
    const forms = secrets.filter(Boolean).flatMap((s) => [s, JSON.stringify(s).slice(1, -1)]);
    this.needles = [...new Set(forms)].sort((a, b) => b.length - a.length);
  }

  /** This redactor with more secrets (a bearer token fetched for the request). */
  with(secretHeaders: string[], secrets: string[]): Redactor {
    return new Redactor([...this.secretHeaders, ...secretHeaders], [...this.secrets, ...secrets]);
  }

  /**
   * How many bytes past a cut a response must be read so that a secret that begins before the
   * cut is found whole (a UTF-8 character is at most 4 bytes, a JSON escape 6 characters).
   */
  get margin(): number {
    return (this.needles[0]?.length ?? 0) * 6;
  }

  /** The request headers as stored: names kept, secret values replaced. */
  requestHeaders(headers: Record<string, string>): Record<string, string> {
    if (!this.secretHeaders.size) return headers;
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      const lower = name.toLowerCase();
      out[name] = !this.secretHeaders.has(lower) ? value : lower === 'authorization' ? withScheme(value) : REDACTED;
    }
    return out;
  }

  /** A text with every occurrence of a secret replaced. */
  text(text: string): string {
    let out = text;
    for (const needle of this.needles) if (out.includes(needle)) out = out.split(needle).join(REDACTED);
    return out;
  }

  /** Response headers with secrets replaced in their values. */
  headers(headers: Record<string, string>): Record<string, string> {
    if (!this.needles.length) return headers;
    return Object.fromEntries(Object.entries(headers).map(([n, v]) => [n, this.text(v)]));
  }
}

/** `Basic [redacted]`, `Bearer [redacted]`: the scheme says which credential went, never its value. */
function withScheme(value: string): string {
  const scheme = /^(Basic|Bearer) /i.exec(value)?.[1];
  return scheme ? `${scheme} ${REDACTED}` : REDACTED;
}
