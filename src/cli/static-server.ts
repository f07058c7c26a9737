/**
 * A read-only HTTP server for the explorer page: serves files under the given
 * folders of one root (GET/HEAD only, nothing outside them, no directory
 * listings) on 127.0.0.1. The explorer needs HTTP, not file://, because the
 * browser bundle fetches its wasm relative to itself and module scripts are
 * not loaded from file URLs. Every answer carries the two headers that make the
 * page cross-origin isolated (`crossOriginIsolated`), which browsers require
 * before threads may share memory: data-parallel training in Web Workers.
 * A path ending in `/` serves that folder's index.html.
 */
import { readFile, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, resolve, sep } from 'node:path';
import { UsageError } from '../errors.js';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/** Cross-origin isolation: SharedArrayBuffer between Web Workers needs both. */
export const ISOLATION_HEADERS = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
} as const;

export interface StaticServer {
  server: Server;
  /** e.g. http://127.0.0.1:8080 */
  origin: string;
  /** "STATUS METHOD /path TYPE" per request (TYPE "-" unless served), oldest first. */
  log: string[];
  close(): Promise<void>;
}

export interface StaticServerOptions {
  root: string;
  /** Folders under root that may be served, e.g. ['dist', 'explorer']. */
  folders: string[];
  /** 0 picks a free port. */
  port?: number;
  /** '/' redirects here, e.g. '/explorer/index.html'. */
  index?: string;
  /** Send the cross-origin isolation headers (default true). */
  isolated?: boolean;
}

export async function startStaticServer(options: StaticServerOptions): Promise<StaticServer> {
  const root = resolve(options.root);
  const allowed = options.folders.map((folder) => resolve(root, folder) + sep);
  const log: string[] = [];
  const isolation = options.isolated === false ? {} : ISOLATION_HEADERS;
  const server = createServer((req, res) => {
    void (async () => {
      const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
      if (pathname === '/' && options.index) {
        log.push(`302 ${req.method} ${pathname}`);
        res.writeHead(302, { location: options.index, ...isolation });
        res.end();
        return;
      }
      const file = resolve(root, `.${pathname}${pathname.endsWith('/') ? 'index.html' : ''}`);
      const type = MIME[extname(file)];
      let status = 200;
      let body: Buffer | undefined;
      if (req.method !== 'GET' && req.method !== 'HEAD') status = 405;
      else if (!type || !allowed.some((dir) => file.startsWith(dir))) status = 404;
      else {
        try {
          if (!(await stat(file)).isFile()) status = 404;
          else body = await readFile(file);
        } catch {
          status = 404;
        }
      }
      log.push(`${status} ${req.method} ${pathname} ${status === 200 ? type : '-'}`);
      if (status !== 200 || !body) {
        res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...isolation });
        res.end(`${status}\n`);
        return;
      }
      res.writeHead(200, { 'content-type': type!, 'content-length': body.length, 'cache-control': 'no-store', ...isolation });
      res.end(req.method === 'HEAD' ? undefined : body);
    })().catch((error: unknown) => {
      log.push(`500 ${req.method} ${req.url} ${String(error)}`);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      fail(error.code === 'EADDRINUSE' ? new UsageError(`port ${options.port} is already in use (choose another with --port)`) : error),
    );
    server.listen(options.port ?? 0, '127.0.0.1', () => ok());
  });
  const { port } = server.address() as AddressInfo;
  return {
    server,
    origin: `http://127.0.0.1:${port}`,
    log,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
