import { createServer, type Server } from 'node:http';

/** /healthz (the process answers) and /readyz (the caches have synced) for kubelet probes. */
export async function startHealthServer(port: number, synced: Promise<void>): Promise<{ close(): Promise<void> }> {
  let ready = false;
  synced.then(() => (ready = true), () => undefined);
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const ok = path === '/healthz' || (path === '/readyz' && ready);
    const known = path === '/healthz' || path === '/readyz';
    res.writeHead(known ? (ok ? 200 : 503) : 404, { 'Content-Type': 'text/plain' });
    res.end(known ? (ok ? 'ok' : 'caches not synced') : 'not found');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, resolve);
  });
  return { close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
