/** The edit loop's run (`npm run test:unit`): the UNIT files of vitest.config.ts, without the site build or Chromium. */
import { defineConfig } from 'vitest/config';
import { SHARED, UNIT } from '../vitest.config.ts';

export default defineConfig({ test: { ...SHARED, include: UNIT } });
