/** A small static file server for a built site, as a static host (GitHub Pages) serves it: under a base path, on 127.0.0.1. */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/** Content types of the files an Astro + Pagefind build writes; anything else is served as bytes. */
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
};

/** A running server; `url('sections/')` gives the absolute URL of a site path under the base. */
export interface SiteServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** The base path the site is served under, with slashes at both ends (`/` or `/policy/`). */
  base: string;
  /** Absolute URL of a path of the site, relative to the base (`''` is the home page). */
  url(sitePath?: string): string;
  /** Stops the server. */
  close(): Promise<void>;
}

/** Serves `dir` under `base` on a random port of 127.0.0.1: index.html for folders, 404.html (status 404) when missing. */
export async function serveSite(dir: string, options: { base?: string } = {}): Promise<SiteServer> {
  const root = path.resolve(dir);
  const base = `/${(options.base ?? '/').replace(/^\/+|\/+$/g, '')}/`.replace('//', '/');
  const server = createServer((request, response) => {
    handle(root, base, request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(String(error));
    });
  });
  // Longer than any pause of a test between two requests: a client reusing a connection the server has just dropped
  // for idleness would see ECONNRESET.
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    base,
    url: (sitePath = '') => new URL(base + sitePath.replace(/^\/+/, ''), origin).href,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** Answers one request from the files under `root`. */
async function handle(root: string, base: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  const { pathname, search } = new URL(request.url ?? '/', 'http://localhost');
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    decoded = '';
  }
  const inside = decoded.startsWith(base) ? path.resolve(root, `.${decoded.slice(base.length - 1)}`) : undefined;
  // A path outside the base, or one that climbs out of the folder, is simply not found.
  const file = inside && (inside === root || inside.startsWith(root + path.sep)) ? inside : undefined;
  const found = file ? await stat(file).catch(() => undefined) : undefined;
  if (found?.isDirectory()) {
    if (!pathname.endsWith('/')) {
      // As static hosts do: a folder without its trailing slash redirects to it, so relative links resolve.
      response.writeHead(301, { location: `${pathname}/${search}` }).end();
      return;
    }
    const index = path.join(file!, 'index.html');
    if (await stat(index).then((s) => s.isFile()).catch(() => false)) {
      send(request, response, 200, root, index);
      return;
    }
  } else if (found?.isFile()) {
    send(request, response, 200, root, file!);
    return;
  }
  const notFound = path.join(root, '404.html');
  if (await stat(notFound).then((s) => s.isFile()).catch(() => false)) send(request, response, 404, root, notFound);
  else response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
}

/**
 * Streams a file with its content type. Astro's bundled assets (`_astro/`) are named by a hash of their content, so a
 * browser may keep them, as a reader's does from a well-configured host, and a page visited after another need not
 * fetch the stylesheets and scripts again. Nothing else is cached, so a rebuilt site is always read afresh.
 */
function send(request: IncomingMessage, response: ServerResponse, status: number, root: string, file: string): void {
  const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  const hashed = file.startsWith(path.join(root, '_astro') + path.sep);
  response.writeHead(status, { 'content-type': type, 'cache-control': hashed ? 'max-age=31536000, immutable' : 'no-store', 'x-content-type-options': 'nosniff' });
  if (request.method === 'HEAD') response.end();
  else createReadStream(file).pipe(response);
}
