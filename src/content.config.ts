/** Astro content collections: the policy's sections and its metadata, read and validated by src/lib. */
import type { Loader } from 'astro/loaders';
import { defineCollection } from 'astro:content';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { forBuildOutput } from './lib/errors.ts';
import { loadPolicyFolder } from './lib/load/folder.ts';
import { POLICY_LAYOUT } from './lib/load/parse.ts';
import { metadataSchema, sectionFrontMatterSchema } from './lib/schema.ts';

/** Loads the working tree's policy with the project's own loader, and reloads it when a file changes in dev. */
function policyLoader(part: 'sections' | 'metadata'): Loader {
  return {
    name: `policy-${part}`,
    async load({ store, parseData, watcher, config }) {
      // fileURLToPath decodes the URL: `.pathname` keeps a space as %20 and a non-ASCII letter as %C3%A9, naming no folder.
      const root = path.resolve(fileURLToPath(config.root));
      const sync = async () => {
        const document = await loadPolicyFolder(root);
        store.clear();
        if (part === 'metadata') {
          store.set({ id: 'policy', data: await parseData({ id: 'policy', data: { ...document.metadata } }), filePath: POLICY_LAYOUT.metadataFile });
          return;
        }
        for (const section of document.sections) {
          const { body, source, ...data } = section;
          store.set({ id: section.id, data: await parseData({ id: section.id, data }), body, ...(source ? { filePath: source.file } : {}) });
        }
      };
      await sync().catch((error: unknown) => {
        throw forBuildOutput(error);
      });
      const content = path.join(root, 'content');
      watcher?.add(content);
      const onChange = (file: string) => {
        if (file.startsWith(content)) void sync();
      };
      watcher?.on('change', onChange);
      watcher?.on('add', onChange);
      watcher?.on('unlink', onChange);
    },
  };
}

export const collections = {
  policy: defineCollection({ loader: policyLoader('sections'), schema: sectionFrontMatterSchema }),
  metadata: defineCollection({ loader: policyLoader('metadata'), schema: metadataSchema.extend({ lead: z.string().optional() }) }),
};
