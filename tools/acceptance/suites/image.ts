/**
 * CAT's image tests (`test_image_environment_variables`, `test_image_labels`), read from the Dockerfile's final stage
 * with the shipping checks' own reader and rules (test/e2e/docker-image.test.ts holds the built image to them).
 */
import { airbyteEntrypointRule, labelsRule, readImage } from '../../shipping/image-rules.js';
import { METADATA_PATH, readMetadata, type Metadata } from '../../shipping/metadata.js';
import type { Harness } from '../harness.js';
import type { Problem } from '../report.js';

const DOCKERFILE = 'Dockerfile';

const atDockerfile = (messages: string[]): Problem[] => messages.map((why) => ({ at: DOCKERFILE, why }));

export async function imageSuite(harness: Harness, connectorImage: string): Promise<void> {
  const { report, project } = harness;
  const image = readImage(await project.text(DOCKERFILE));
  const metadata = readMetadata(await project.text(METADATA_PATH));
  const entrypointName = 'ENV AIRBYTE_ENTRYPOINT equals the exec-form ENTRYPOINT joined by spaces';
  const labelsName = `LABELs io.airbyte.name and io.airbyte.version equal ${METADATA_PATH}'s dockerRepository and dockerImageTag`;
  if (typeof image === 'string') {
    report.check(entrypointName, atDockerfile([image]));
    report.check(labelsName, atDockerfile([image]));
  } else {
    report.check(entrypointName, atDockerfile(airbyteEntrypointRule(image.config)));
    report.check(labelsName, atDockerfile(labelsRule(image.config, metadata.data)));
  }
  report.check(`connector_image is an image of ${METADATA_PATH}'s dockerRepository`, connectorImageProblems(connectorImage, metadata));
}

function connectorImageProblems(connectorImage: string, metadata: Metadata): Problem[] {
  const repository = connectorImage.replace(/:[^/:]*$/, '');
  const { dockerRepository } = metadata.data;
  return repository === dockerRepository
    ? []
    : [{ at: 'acceptance-test-config.yml', why: `connector_image ${connectorImage} is not an image of ${dockerRepository}` }];
}
