/** Schemas of the policy's front matter and metadata, shared by the loader, lint and Astro. */
import { z } from 'zod';
import { reservedSectionIdReason } from './page-ids.ts';
import { codePoint, firstUnsafeCharacter } from './unsafe-text.ts';

/**
 * A title shown in pages, feeds and mail: one line, without control characters (which no feed can hold) or Unicode
 * bidirectional controls (which make it read as something it is not).
 */
export const titleSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .superRefine((value, context) => {
    const unsafe = firstUnsafeCharacter(value);
    if (unsafe) {
      const what = unsafe.kind === 'bidi' ? 'the bidirectional control character' : 'the control character';
      context.addIssue({ code: 'custom', message: `holds ${what} ${codePoint(unsafe.char)} at column ${unsafe.column}; remove it` });
    }
  });

/** A section id: a lowercase slug, so it can be a file name, a URL segment and an anchor. */
export const sectionIdSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a lowercase slug (letters, digits, single hyphens), e.g. "scope-of-this-process"');

/** Front matter of one section file. */
export const sectionFrontMatterSchema = z.strictObject({
  id: sectionIdSchema.superRefine((id, context) => {
    const reason = reservedSectionIdReason(id);
    if (reason) context.addIssue({ code: 'custom', message: reason });
  }),
  title: titleSchema,
  order: z.number().int('must be a whole number').nonnegative('must not be negative'),
  parent: sectionIdSchema.optional(),
});

export type SectionFrontMatter = z.infer<typeof sectionFrontMatterSchema>;

/** Dotted version numbers, e.g. "3.23". */
export const versionSchema = z.string().regex(/^\d+(?:\.\d+)*$/, 'must be dotted numbers in quotes, e.g. "3.23"');

/** An ISO calendar date, e.g. "2019-08-08". */
export const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be an ISO date in quotes, e.g. "2019-08-08"')
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), 'is not a real calendar date');

/** The document metadata file, `content/policy.yaml`. */
export const metadataSchema = z.strictObject({
  title: titleSchema,
  shortTitle: titleSchema.optional(),
  organisation: titleSchema.optional(),
  version: versionSchema,
  date: isoDateSchema,
  lead: z.string().optional(),
  linkBase: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  license: z.string().optional(),
});
