export { bootstrapCluster, ensureDatabase } from './bootstrap.js';
export { type MigrationResult, migrate } from './migrate.js';
export { orderMigrations, readMigrationDir } from './migration-files.js';
export { planMigrations } from './migration-plan.js';
export { connect, withClient } from './postgres-client.js';
export { loadReferenceData, parseReferenceCsv, readReferenceDir } from './reference-data.js';
export {
  dropDatabase,
  MIGRATIONS_DIR,
  migrateOltp,
  REFERENCE_DIR,
  recreateOltpDatabase,
  setupDatabases,
} from './setup-oltp.js';
