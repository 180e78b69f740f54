/** Site URLs under the configured base path. */

const base = import.meta.env.BASE_URL.endsWith('/') ? import.meta.env.BASE_URL : `${import.meta.env.BASE_URL}/`;

/** A path of the site (`sections/scope/`) as an absolute URL path under the base (`/base/sections/scope/`). */
export function sitePath(path = ''): string {
  return base + path.replace(/^\//, '');
}

/** The page of one section. */
export function sectionPath(id: string): string {
  return sitePath(`sections/${id}/`);
}

// One formatter for every page: toLocaleDateString builds a new one per call, a fifth of a second per build.
const DAY_MONTH_YEAR = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** Formats an ISO date (`2019-08-08`) as "8 August 2019", independent of the machine's locale and zone. */
export function formatDate(iso: string): string {
  return DAY_MONTH_YEAR.format(new Date(`${iso}T00:00:00Z`));
}

/** Formats an ISO date-time as the day it falls on in UTC ("27 November 2026"), independent of the machine's locale. */
export function formatDateTime(iso: string): string {
  return DAY_MONTH_YEAR.format(new Date(iso));
}
