/** The tests' static server answers as a well-configured host: content-hashed assets kept, everything else read afresh. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveSite, type SiteServer } from '../support/static-server.ts';
import { tempDir } from '../support/temp.ts';

let server: SiteServer;

beforeAll(async () => {
  const dir = tempDir('policy-static-server-');
  mkdirSync(path.join(dir, '_astro'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Home</title>');
  writeFileSync(path.join(dir, '404.html'), '<!doctype html><title>Not found</title>');
  writeFileSync(path.join(dir, '_astro', 'Base.AbC123.css'), 'body{}');
  writeFileSync(path.join(dir, 'feed.xml'), '<feed/>');
  server = await serveSite(dir, { base: '/policy/' });
});

afterAll(() => server.close());

describe('the tests\' static server', () => {
  it.each([
    ['_astro/Base.AbC123.css', 200, 'max-age=31536000, immutable'],
    ['', 200, 'no-store'],
    ['feed.xml', 200, 'no-store'],
    ['_astro/missing.css', 404, 'no-store'],
  ])('serves %s with %i and cache-control %s', async (sitePath, status, cacheControl) => {
    const response = await fetch(server.url(sitePath));
    await response.arrayBuffer();
    expect([response.status, response.headers.get('cache-control')]).toEqual([status, cacheControl]);
  });
});
