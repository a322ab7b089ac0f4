import { runService } from '@repo/service-kit';
import { buildApp } from './app.js';
import { configFromEnv } from './config.js';

const config = configFromEnv(process.env);
const app = await buildApp(config);
await runService(app, { host: config.host, port: config.port });
