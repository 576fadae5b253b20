/**
 * The layer rules of README "Architecture", machine-checked (`npm run lint` runs this after eslint):
 *
 *   domain ← store ← app ← api / cli / worker          activities ← worker only
 *   workflows: domain + activities' types;  infra: provisioning, imported by entry points only
 *
 * eslint (eslint.config.mjs) adds what dependency-cruiser cannot see: no Node built-ins or clock reads
 * in domain/, no I/O libraries in workflows/, no floating promises anywhere.
 */
const OURS = '^(domain|workflows|activities|store|app|api|cli|worker|infra|prisma|scripts|tests)/';
const rule = (name, comment, from, allowed) => ({
  name,
  comment,
  severity: 'error',
  from: { path: from },
  to: { path: OURS, pathNot: allowed },
});

module.exports = {
  forbidden: [
    rule('domain-is-pure', 'domain/ depends on nothing of ours outside domain/', '^domain/', '^domain/'),
    {
      name: 'workflows-orchestrate-only',
      comment: 'workflows/ import domain/, each other and the activities only as types (proxyActivities<typeof …>)',
      severity: 'error',
      from: { path: '^workflows/' },
      to: { path: OURS, pathNot: '^(domain|workflows)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'workflows-types-only-from-activities',
      comment: 'the types workflows may see: activities/index (the factory type) and activities/types',
      severity: 'error',
      from: { path: '^workflows/' },
      to: { path: OURS, pathNot: '^(domain|workflows)/|^activities/(index|types)\\.ts$' },
    },
    rule(
      'store-is-persistence',
      'store/ reads and writes the database for app/ and activities/: domain/ and prisma/ only',
      '^store/',
      '^(domain|store|prisma)/',
    ),
    rule(
      'activities-are-worker-io',
      'activities/ do the I/O workflows ask for: domain/, store/, prisma/',
      '^activities/',
      '^(domain|store|prisma|activities)/',
    ),
    rule(
      'app-is-the-application-layer',
      'app/ holds the use cases: it never reaches up into api/, cli/, worker/, infra/ or activities/',
      '^app/',
      '^(domain|store|prisma|workflows|app)/',
    ),
    rule('api-calls-app', 'api/ is an HTTP edge over app/: no database, store or activities of its own', '^api/', '^(domain|app|api)/'),
    rule(
      'cli-calls-app',
      'cli/ is an edge over app/ (plus provisioning, migrations and the process wiring of `ntm start`)',
      '^cli/',
      '^(domain|app|api|cli|infra|worker|prisma)/',
    ),
    rule(
      'worker-wires-activities',
      'worker/ registers activities and workflows with their configuration (and checks the installation through app/)',
      '^worker/',
      '^(domain|workflows|activities|app|infra|prisma|worker)/',
    ),
    rule('infra-provisions', 'infra/ provisions tools and local servers; it knows no use case', '^infra/', '^infra/'),
    rule(
      'prisma-is-the-schema',
      'prisma/ holds the schema, migrations and the client (scratch databases for tests use infra/postgres)',
      '^prisma/',
      '^(prisma|infra/postgres|infra/toolchain|infra/temporal-dev-server)',
    ),
    {
      name: 'activities-only-under-worker',
      comment: 'only the worker (and tests/benchmarks that run one) import activities/',
      severity: 'error',
      from: { path: OURS, pathNot: '^(worker|activities|workflows|tests|scripts)/' },
      to: { path: '^activities/' },
    },
    {
      name: 'no-circular',
      comment: 'no import cycles at run time (a type-only import back into a barrel is not one)',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'no-orphans',
      comment: 'every module is used by something (entry points, configs and tests aside)',
      severity: 'error',
      from: {
        orphan: true,
        pathNot: [
          '^(tests|scripts)/',
          '\\.d\\.ts$',
          '(^|/)[^/]+\\.config\\.(c|m)?[jt]s$',
          '^\\.dependency-cruiser',
          '^cli/main\\.ts$',
          '^worker/main\\.ts$',
          '^prisma/(generate|new-migration|migrate)\\.ts$',
          '^infra/test-run\\.ts$',
          '^prisma/generated/',
          '^api/ui/assets/', // browser files served as they are (ui.js), imported by nothing
        ],
      },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules', 'prisma/generated'] },
    exclude: { path: ['^node_modules', '^\\.tools', '^\\.data', '^prisma/generated', '^test-results', '^bench-results'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js', '.json'] },
    skipAnalysisNotInRules: true,
  },
};
