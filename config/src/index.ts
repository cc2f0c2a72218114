export { parseEnvFile, readEnvFile } from './env-file.js';
export { BadInputError, CheckFailedError, ConfigError, PlatformError, UsageError } from './errors.js';
export { EXIT, exitCodeFor } from './exit-codes.js';
export { generatedEnvFile, ownDockerSocket, platformCache, platformHome } from './platform-home.js';
export { platformVersion } from './platform-version.js';
export { oneLineMessage, runCli } from './run-cli.js';
export {
  AIRFLOW_USER,
  loadSettings,
  OBJECT_STORE_USERS,
  type ObjectStoreUser,
  objectStoreCredential,
  type PostgresLogin,
  postgresLogin,
  ROLES,
  resolveEnvironment,
  SECRET_SETTINGS,
  type Settings,
} from './settings.js';
