// Import rules for src/, checked by `npm run lint` (dependency-cruiser): no cycles between files
// or between folders, and folders import only from their own layer or the layers below.
//
//   top         webhooks.module.ts, index.ts, ui/, cli/
//   features    subscriptions, publishing, delivery, endpoint-health, event-log, recover-tasks,
//               integrator-links, delivery-chart
//   parts       sending, formats, event-types, filters, lab-data, audit
//   foundation  persistence, common, security, crypto, operations, auth (and the files at the
//               root of src/ that every layer reads: constants, messages, options)
//
// The page client (src/ui/client) is bundled for the browser: it imports nothing from the server.
const FOUNDATION = 'persistence|common|security|crypto|operations|auth';
const PARTS = 'sending|formats|event-types|filters|lab-data|audit';
const FEATURES =
  'subscriptions|publishing|delivery|endpoint-health|event-log|recover-tasks|integrator-links|delivery-chart';
const folders = (names) => `^src/(${names})/`;
/** A layer's folders import only from `allowed` folders (their own layer and those below). */
const downward = (name, layer, allowed) => ({
  name,
  severity: 'error',
  from: { path: folders(layer) },
  to: { path: '^src/[^/]+/', pathNot: folders(allowed) },
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Two files that import each other (type-only imports aside: they vanish at run time).',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'no-folder-cycle',
      comment: 'Two folders that import each other: what both need belongs in a folder below them.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true },
    },
    downward('foundation-imports-foundation', FOUNDATION, FOUNDATION),
    downward('parts-import-downward', PARTS, `${FOUNDATION}|${PARTS}`),
    downward('features-import-downward', FEATURES, `${FOUNDATION}|${PARTS}|${FEATURES}`),
    {
      name: 'module-on-top',
      comment: 'Only the entry point imports the module.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/index\\.ts$' },
      to: { path: '^src/(webhooks\\.module|index)\\.ts$' },
    },
    {
      name: 'page-client-apart',
      comment: 'The page client runs in the browser: it imports nothing from the server.',
      severity: 'error',
      from: { path: '^src/ui/client/' },
      // The audit actions are one list the page and the server share: plain data, no imports.
      to: { path: '^src/', pathNot: '^src/ui/client/|^src/audit/audit-actions\\.ts$' },
    },
    {
      name: 'shared-with-page-imports-nothing',
      comment: 'What the page client may import from the server stays plain data.',
      severity: 'error',
      from: { path: '^src/audit/audit-actions\\.ts$' },
      to: {},
    },
    {
      name: 'server-apart-from-page-client',
      comment: 'Nor does the server import the page client.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/ui/client/' },
      to: { path: '^src/ui/client/' },
    },
    {
      name: 'src-not-test',
      comment: 'Shipped code never imports test code.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^test/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Unit specs are leaves beside the source (nothing imports them); they may use test/support,
    // which would otherwise tie src/ folders to test/ in the folder graph.
    exclude: { path: '(^|/)(dist|node_modules)/|\\.spec\\.ts$' },
    // Type-only imports count for the layers and folder cycles: a type ties folders as much as a value.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
