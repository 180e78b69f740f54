/** The environment a test's site build runs in: the test process's, less what Vitest sets for Vite. */

/**
 * The test process's environment without the variables Vitest sets for Vite (BASE_URL = "/", MODE, NODE_ENV = "test",
 * …), which a build must not inherit: BASE_URL would override the base it is asked for, and NODE_ENV changes the
 * bundles, so a test build would not be the site `npm run build` makes.
 */
export function buildEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(BASE_URL|MODE|DEV|PROD|SSR|NODE_ENV|VITEST.*)$/.test(name)));
}
