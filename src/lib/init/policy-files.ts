/** Writes a PolicyDocument as this project's policy files: content/policy.yaml and one content/policy/<id>.md per section. */
import { stringify } from 'yaml';
import type { PolicyDocument } from '../document.ts';
import { POLICY_LAYOUT, type SourceFile } from '../load/parse.ts';

/** The metadata file and section files of `document`, with `version` and `date` as given. */
export function policyFiles(document: PolicyDocument, version: string, date: string): SourceFile[] {
  const { metadata } = document;
  const yaml = stringify(
    {
      title: metadata.title,
      version,
      date,
      ...(metadata.organisation ? { organisation: metadata.organisation } : {}),
      ...(metadata.lead ? { lead: metadata.lead.replace(/\n+$/, '') } : {}),
      ...(metadata.linkBase ? { linkBase: metadata.linkBase } : {}),
    },
    { lineWidth: 0, defaultStringType: 'PLAIN', defaultKeyType: 'PLAIN' },
  );
  const metadataFile: SourceFile = {
    path: POLICY_LAYOUT.metadataFile,
    // version and date are strings: quoted, so YAML never reads 3.10 as the number 3.1.
    text: `# The policy's metadata; its sections are in ${POLICY_LAYOUT.sectionsDir}/.\n${yaml.replace(/^(version|date): (.*)$/gm, (_, key: string, value: string) => `${key}: "${value.replace(/^['"]|['"]$/g, '')}"`)}`,
  };
  const sections = document.sections.map((section): SourceFile => {
    const front = stringify({ id: section.id, title: section.title, order: section.order, ...(section.parent ? { parent: section.parent } : {}) }, { lineWidth: 0 });
    return { path: `${POLICY_LAYOUT.sectionsDir}/${section.id}.md`, text: `---\n${front}---\n\n${section.body}` };
  });
  return [metadataFile, ...sections];
}
