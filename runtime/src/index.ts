export { ensureGeneratedSecrets } from './generated-secrets.js';
export { objectStoreClient } from './object-store-client.js';
export type { Service, ServiceContext } from './service.js';
export { down, SERVICES, type ServiceStatus, selectServices, status, up } from './stack.js';
