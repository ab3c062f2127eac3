/** `Content-Security-Policy` of the page: nothing inline, nothing from another origin, no framing. */
export const UI_CONTENT_SECURITY_POLICY =
  "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The page's HTML shell: it holds no data. The script reads the API's base path from a
 * `<meta>` (no inline script under the CSP) and renders every view; until it runs, the
 * `<noscript>` and the heading say what the page is.
 */
export function renderUiPage(pageBase: string, apiBase: string, version: string): string {
  const a = (file: string) => escapeHtml(`${pageBase}/assets/${file}?v=${version}`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="webhooks-api" content="${escapeHtml(apiBase)}">
<meta name="referrer" content="same-origin">
<title>Webhooks</title>
<link rel="stylesheet" href="${a('app.css')}">
<script src="${a('app.js')}" defer></script>
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header">
<p class="brand">Webhooks</p>
<nav aria-label="Webhooks" id="nav"></nav>
</header>
<main id="main" tabindex="-1">
<h1>Webhooks</h1>
<p id="boot-status" role="status">Loading…</p>
<noscript><p>This page needs JavaScript. The same data is available from the REST API.</p></noscript>
</main>
</body>
</html>
`;
}
