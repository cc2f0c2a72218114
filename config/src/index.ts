export { parseEnvFile, readEnvFile } from './env-file.js';
export { generatedEnvFile, platformCache, platformHome } from './platform-home.js';
export {
  ConfigError,
  loadSettings,
  type PostgresLogin,
  postgresLogin,
  ROLES,
  SECRET_SETTINGS,
  type Settings,
} from './settings.js';
