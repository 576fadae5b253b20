import { defineConfig } from 'prisma/config';

// Prisma 7 configuration. Migrations are applied by our own runner (prisma/migrate.ts) through the
// WebAssembly schema engine and a driver adapter, because the native engine cannot be downloaded on
// these machines; the layout stays Prisma's standard one so `prisma migrate deploy` also reads it.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
