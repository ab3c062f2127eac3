import { h, uid } from '../dom';
import { Subscription } from '../types';

/** What a read shows of an endpoint's receiver authentication (see `TlsInfoDto`, `OAuth2InfoDto`). */
interface CertificateInfo {
  subject: string;
  issuer: string;
  serial: string;
  notAfter: string;
  daysLeft: number;
}
interface TlsInfo {
  clientCertificate: string | null;
  clientCertificateInfo: CertificateInfo | null;
  hasClientKey: boolean;
  hasClientKeyPassphrase: boolean;
  caCertificates: string | null;
  trust: string;
}
interface OAuth2Info {
  tokenUrl: string;
  clientId: string;
  scope: string | null;
  audience: string | null;
  authMethod: string;
  hasClientSecret: boolean;
}

const tlsOf = (s: Subscription | null) => (s?.tls ?? null) as TlsInfo | null;
const oauth2Of = (s: Subscription | null) => (s?.oauth2 ?? null) as OAuth2Info | null;

/** The endpoint's certificate warning, for the top of its page; null when none is due. */
export function certificateWarning(s: Subscription): HTMLElement | null {
  const info = tlsOf(s)?.clientCertificateInfo;
  return info && info.daysLeft < 30 ? certificateSummary(info) : null;
}

/** The certificate's expiry in words, and a warning within 30 days (text, not colour only). */
export function certificateSummary(info: CertificateInfo): HTMLElement {
  const until = `${info.subject}, issued by ${info.issuer}, serial ${info.serial}, valid until ${info.notAfter.slice(0, 10)}`;
  if (info.daysLeft >= 30) return h('p', { class: 'hint cert-info' }, until);
  const warning =
    info.daysLeft < 0
      ? 'Expired: deliveries fail until a renewed certificate is uploaded.'
      : `Expires in ${info.daysLeft} day${info.daysLeft === 1 ? '' : 's'}: upload a renewed certificate.`;
  return h('p', { class: 'warn cert-info', role: 'status' }, `Warning: ${warning} `, until);
}

/** A PEM field: a textarea to paste into, and a file input that fills it. */
function pemField(name: string, label: string, value: string, hint: string): HTMLElement {
  const id = uid(name);
  const area = h(
    'textarea',
    { id, name, rows: '4', spellcheck: 'false', autocomplete: 'off', 'aria-describedby': `${id}-hint` },
    value,
  ) as HTMLTextAreaElement;
  const file = h('input', {
    type: 'file',
    id: `${id}-file`,
    accept: '.pem,.crt,.cer,.key,text/plain',
    'aria-label': `${label}: upload a PEM file`,
    onchange: (e: Event) => {
      const picked = (e.target as HTMLInputElement).files?.[0];
      if (picked) void picked.text().then((text) => (area.value = text));
    },
  });
  return h(
    'div',
    { class: 'field', 'data-field': name },
    h('label', { for: id }, label),
    h('p', { class: 'hint', id: `${id}-hint` }, hint),
    area,
    h('div', { class: 'upload' }, file),
  );
}

function input(name: string, label: string, value: string, attrs: Record<string, string> = {}, hint?: string) {
  const id = uid(name);
  return h(
    'div',
    { class: 'field', 'data-field': name },
    h('label', { for: id }, label),
    hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null,
    h('input', {
      id,
      name,
      type: 'text',
      value,
      autocomplete: 'off',
      'aria-describedby': hint ? `${id}-hint` : null,
      ...attrs,
    }),
  );
}

function select(name: string, label: string, current: string, options: [string, string][]) {
  const id = uid(name);
  return h(
    'div',
    { class: 'field', 'data-field': name },
    h('label', { for: id }, label),
    h(
      'select',
      { id, name },
      options.map(([value, text]) => h('option', { value, selected: value === current }, text)),
    ),
  );
}

/** The form's Authentication section: client certificate, trust, OAuth2. Secrets are write-only. */
export function authFields(s: Subscription | null): HTMLElement {
  const tls = tlsOf(s);
  const o = oauth2Of(s);
  const keep = 'Set; leave empty to keep it.';
  return h(
    'fieldset',
    { class: 'field auth', id: uid('auth') },
    h('legend', null, 'Authentication'),
    h('h3', null, 'Client certificate (mutual TLS)'),
    tls?.clientCertificateInfo ? certificateSummary(tls.clientCertificateInfo) : null,
    pemField(
      'tls.clientCertificate',
      'Client certificate (PEM)',
      tls?.clientCertificate ?? '',
      'The chain, leaf first. Empty it to remove the certificate and its key.',
    ),
    pemField(
      'tls.clientKey',
      'Private key (PEM)',
      '',
      tls?.hasClientKey ? `${keep} A new certificate needs its key.` : 'Needed with a certificate; never shown again.',
    ),
    input(
      'tls.clientKeyPassphrase',
      'Key passphrase',
      '',
      { type: 'password', autocomplete: 'new-password' },
      tls?.hasClientKeyPassphrase ? keep : 'Only for an encrypted key.',
    ),
    h('h3', null, "Trust for the receiver's certificate"),
    select('tls.trust', 'Trusted CAs', tls?.trust ?? 'system', [
      ['system', 'Public CAs (system)'],
      ['custom', 'Only the CAs below'],
      ['system+custom', 'Public CAs and the CAs below'],
    ]),
    pemField(
      'tls.caCertificates',
      'CA certificates (PEM)',
      tls?.caCertificates ?? '',
      "The hospital's CA, e.g. for an internal listener.",
    ),
    h('h3', null, 'OAuth2 client credentials'),
    input('oauth2.tokenUrl', 'Token URL', o?.tokenUrl ?? '', { type: 'url' }, 'Empty: no OAuth2.'),
    input('oauth2.clientId', 'Client id', o?.clientId ?? ''),
    input(
      'oauth2.clientSecret',
      'Client secret',
      '',
      { type: 'password', autocomplete: 'new-password' },
      o?.hasClientSecret ? keep : undefined,
    ),
    input('oauth2.scope', 'Scope', o?.scope ?? ''),
    input('oauth2.audience', 'Audience', o?.audience ?? ''),
    select('oauth2.authMethod', 'Client authentication', o?.authMethod ?? 'client_secret_basic', [
      ['client_secret_basic', 'HTTP Basic (client_secret_basic)'],
      ['client_secret_post', 'In the form (client_secret_post)'],
    ]),
  );
}

/** `tls` and `oauth2` of the request body, only what changed (an unchanged section is left out). */
export function authBody(data: FormData, s: Subscription | null): Record<string, unknown> {
  const str = (n: string) => String(data.get(n) ?? '').trim();
  const tls = tlsOf(s);
  const out: Record<string, unknown> = {};
  const t: Record<string, unknown> = {};
  const cert = str('tls.clientCertificate');
  if (cert && (cert !== (tls?.clientCertificate ?? '').trim() || str('tls.clientKey'))) {
    t.clientCertificate = cert;
    if (str('tls.clientKey')) t.clientKey = str('tls.clientKey');
    if (str('tls.clientKeyPassphrase')) t.clientKeyPassphrase = str('tls.clientKeyPassphrase');
  } else if (!cert && tls?.clientCertificate) t.clientCertificate = null;
  const ca = str('tls.caCertificates');
  if (ca !== (tls?.caCertificates ?? '').trim()) t.caCertificates = ca || null;
  if (str('tls.trust') !== (tls?.trust ?? 'system')) t.trust = str('tls.trust');
  if (Object.keys(t).length) out.tls = t;
  const tokenUrl = str('oauth2.tokenUrl');
  if (tokenUrl) {
    const o: Record<string, unknown> = {
      tokenUrl,
      clientId: str('oauth2.clientId'),
      scope: str('oauth2.scope') || null,
      audience: str('oauth2.audience') || null,
      authMethod: str('oauth2.authMethod'),
    };
    if (str('oauth2.clientSecret')) o.clientSecret = str('oauth2.clientSecret');
    out.oauth2 = o;
  } else if (oauth2Of(s)) out.oauth2 = null;
  return out;
}
