import type { Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * Starts a test server on 127.0.0.1 on a free port and resolves to its base URL
 * (`http://127.0.0.1:PORT`). Open connections are kept in `sockets`, so that stopping the server
 * can cut keep-alive connections instead of waiting for clients to close them.
 */
export async function listenOnLoopback(server: Server, sockets: Set<Socket>): Promise<string> {
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
