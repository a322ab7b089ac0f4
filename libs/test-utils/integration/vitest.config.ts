import { defineIntegrationConfig } from '@realdeps/provisioning/vitest';
import IsolationPairFirst from './isolation-pair-first.js';

export default defineIntegrationConfig({ test: { sequence: { sequencer: IsolationPairFirst } } });
