/** The environment a test's site build runs in: the test process's, less what Vitest sets for Vite, and no colour. */

/**
 * The test process's environment without the variables Vitest sets for Vite (BASE_URL = "/", MODE, NODE_ENV = "test",
 * …), which a build must not inherit: BASE_URL would override the base it is asked for, and NODE_ENV changes the
 * bundles, so a test build would not be the site `npm run build` makes.
 *
 * The build's log is read as text, so it is asked for without colour: Astro's logger colours a pipe too when CI or
 * FORCE_COLOR is set, as on a CI runner, and "[build] Complete!" then no longer matched.
 */
export function buildEnvironment(): NodeJS.ProcessEnv {
  const inherited = Object.entries(process.env).filter(([name]) => !/^(BASE_URL|MODE|DEV|PROD|SSR|NODE_ENV|VITEST.*|FORCE_COLOR)$/.test(name));
  return { ...Object.fromEntries(inherited), NO_COLOR: '1' };
}
