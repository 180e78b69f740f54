/** A policy folder for one hostile case: a valid metadata file and section, plus the case's files. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from '../../support/temp.ts';

/** Metadata and one ordinary section, so that only the hostile files can make the policy fail. */
export const BASE_POLICY: Record<string, string> = {
  'content/policy.yaml': 'title: Hostile Test Policy\nversion: "1.0"\ndate: "2024-01-01"\n',
  'content/policy/introduction.md': '---\nid: introduction\ntitle: Introduction\norder: 1\n---\n\nAn ordinary section.\n',
};

/** Writes the base policy and the given section files (name → bytes) into a new temporary folder. */
export function policyFolder(sections: Map<string, Buffer>): string {
  const root = tempDir('policy-hostile-');
  for (const [file, text] of Object.entries(BASE_POLICY)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  for (const [name, bytes] of sections) writeFileSync(path.join(root, 'content', 'policy', name), bytes);
  return root;
}
