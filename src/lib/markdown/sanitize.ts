/** The sanitizing schema: GitHub's, so no script, event handler or dangerous URL survives. */
import { defaultSchema, type Options as Schema } from 'rehype-sanitize';

/** GitHub's schema with ids clobbered (prefixed) so content cannot collide with the page's own anchors. */
export const sanitizeSchema: Schema = {
  ...defaultSchema,
  clobberPrefix: 'user-content-',
  protocols: { ...defaultSchema.protocols, href: ['http', 'https', 'mailto'], src: ['http', 'https'] },
};
