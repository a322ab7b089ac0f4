if (!process.env.DATABASE_URL) throw new Error('DATABASE_URL is required');
module.exports = { databaseUrl: process.env.DATABASE_URL, logLevel: process.env.LOG_LEVEL || 'info' };
