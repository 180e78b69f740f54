/**
 * axe-core finds nothing on the built site's pages in light (all rules) and dark (colour rules), and they reflow to a
 * phone's width (support/accessibility.ts). Every page type is checked, on the pages that between them hold every kind
 * of element of that type and of the policy text it renders (samplePages); this file the pages outside the proposals,
 * axe-proposals.test.ts the others.
 */
import { describe } from 'vitest';
import { useBrowserSite } from '../support/browser.ts';
import { builtSite } from '../support/site.ts';
import { isProposalPage, itIsAccessible } from './support/accessibility.ts';
import { samplePages } from './support/site-pages.ts';

const siteDir = await builtSite();
const site = useBrowserSite(siteDir);

describe('accessibility of the policy, history and search pages', () => {
  itIsAccessible(site, [...samplePages(siteDir).filter((path) => !isProposalPage(path)), '/search/?q=embargo']);
});
