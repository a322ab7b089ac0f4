export {
  integrationProjectGenerator,
  type IntegrationProjectOptions,
  type ServerKind,
} from './generators/integration-project/generator.js';
