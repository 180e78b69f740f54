/**
 * axe-core finds nothing on the proposal pages in light (all rules) and dark (colour rules), and they reflow to a
 * phone's width (support/accessibility.ts), on the sample pages of every proposal page type; axe.test.ts checks the
 * other pages.
 */
import { describe } from 'vitest';
import { useBrowserSite } from '../support/browser.ts';
import { builtSite } from '../support/site.ts';
import { isProposalPage, itIsAccessible } from './support/accessibility.ts';
import { samplePages } from './support/site-pages.ts';

const siteDir = await builtSite();
const site = useBrowserSite(siteDir);

describe('accessibility of the proposal pages', () => {
  itIsAccessible(site, samplePages(siteDir).filter(isProposalPage));
});
