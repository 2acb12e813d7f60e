// The common part of the local test servers: an HTTP server on 127.0.0.1 (port 0), whose handler
// receives the request body as one string, with keep-alive longer than undici's own (4 s) so the
// client, not the server, closes idle sockets.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export async function listenLocal(
  handle: (req: IncomingMessage, res: ServerResponse, body: string) => void,
): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      raw += chunk;
    });
    req.on('end', () => handle(req, res, raw));
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return { server, port: (server.address() as AddressInfo).port };
}
