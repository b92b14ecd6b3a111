/** The parts of `metadata.yaml` the acceptance tests compare with the image and the catalog. */
import { z } from 'zod';
import { describeIssues } from '../../src/protocol/inputs.js';
import type { Project } from './project.js';

export const METADATA_PATH = 'metadata.yaml';

const metadataSchema = z.looseObject({
  data: z.looseObject({
    dockerRepository: z.string(),
    dockerImageTag: z.string(),
    allowedHosts: z.looseObject({ hosts: z.array(z.string()).nullish() }).nullish(),
    suggestedStreams: z.looseObject({ streams: z.array(z.string()).nullish() }).nullish(),
  }),
});
export type Metadata = z.infer<typeof metadataSchema>['data'];

export async function loadMetadata(project: Project): Promise<Metadata> {
  const result = metadataSchema.safeParse(await project.yaml(METADATA_PATH));
  if (!result.success) throw new Error(`${METADATA_PATH} lacks what the tests need: ${describeIssues(result.error)}.`);
  return result.data.data;
}
