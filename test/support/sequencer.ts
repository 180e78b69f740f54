/**
 * The order test files start in: Vitest's own (longest first, by the last run's durations or else by size), except
 * that files waiting for the shared site build (`builtSite()`) come after the others, so that both workers have work
 * while the build runs instead of waiting on it.
 */
import { readFileSync } from 'node:fs';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

export default class SiteLastSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const needsSite = (file: TestSpecification) => readFileSync(file.moduleId, 'utf8').includes('builtSite(');
    return [...sorted.filter((file) => !needsSite(file)), ...sorted.filter(needsSite)];
  }
}
