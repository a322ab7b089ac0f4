import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Server } from 'node:http';

/** A real MCP client over Streamable HTTP to a listening memory, as an agent would connect. */
export async function connectMcp(app: { server: Server }, headers: Record<string, string>): Promise<Client> {
  const address = app.server.address();
  if (!address || typeof address !== 'object') throw new Error('memory must listen before an MCP client connects');
  const mcp = new Client({ name: 'memory-integration', version: '1.0.0' });
  await mcp.connect(
    new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${address.port}/mcp`), { requestInit: { headers } }),
  );
  return mcp;
}
