/**
 * CAT's image tests (`test_image_environment_variables`, `test_image_labels`), read statically from the Dockerfile's
 * final stage instead of a built image.
 */
import { finalImageConfig, type ImageConfig } from '../dockerfile.js';
import type { Harness } from '../harness.js';
import { loadMetadata, METADATA_PATH, type Metadata } from '../metadata.js';
import type { Problem } from '../report.js';

const DOCKERFILE = 'Dockerfile';

export async function imageSuite(harness: Harness, connectorImage: string): Promise<void> {
  const { report, project } = harness;
  const image = finalImageConfig(await project.text(DOCKERFILE));
  const metadata = await loadMetadata(project);
  report.check('ENV AIRBYTE_ENTRYPOINT equals the exec-form ENTRYPOINT joined by spaces', entrypointProblems(image));
  report.check(
    `LABELs io.airbyte.name and io.airbyte.version equal ${METADATA_PATH}'s dockerRepository and dockerImageTag`,
    labelProblems(image, metadata),
  );
  report.check(`connector_image is an image of ${METADATA_PATH}'s dockerRepository`, connectorImageProblems(connectorImage, metadata));
}

export function entrypointProblems(image: ImageConfig | undefined): Problem[] {
  if (image === undefined) return [{ at: DOCKERFILE, why: 'there is no FROM, so no image' }];
  const declared = image.env.get('AIRBYTE_ENTRYPOINT');
  const { entrypoint } = image;
  const problems: Problem[] = [];
  if (declared === undefined || declared === '') {
    problems.push({
      at: DOCKERFILE,
      why: 'the final stage does not set ENV AIRBYTE_ENTRYPOINT, which the platform runs the connector with',
    });
  }
  if (entrypoint === undefined) {
    problems.push({ at: DOCKERFILE, why: `the final stage sets no ENTRYPOINT, so ${image.base}'s own entrypoint would run` });
  } else if (entrypoint.form === 'shell') {
    problems.push({
      at: DOCKERFILE,
      why: `ENTRYPOINT ${entrypoint.command} is in shell form (run by /bin/sh -c): write it as a JSON array, ["node", "…"]`,
    });
  } else if (declared !== undefined && declared !== entrypoint.argv.join(' ')) {
    problems.push({
      at: DOCKERFILE,
      why: `AIRBYTE_ENTRYPOINT is "${declared}" but the ENTRYPOINT joined by spaces is "${entrypoint.argv.join(' ')}"`,
    });
  }
  return problems;
}

export function labelProblems(image: ImageConfig | undefined, metadata: Metadata): Problem[] {
  const expected: [string, string, string][] = [
    ['io.airbyte.name', 'dockerRepository', metadata.dockerRepository],
    ['io.airbyte.version', 'dockerImageTag', metadata.dockerImageTag],
  ];
  return expected.flatMap(([label, key, value]) => {
    const actual = image?.labels.get(label);
    if (actual === value) return [];
    const found = actual === undefined ? 'is not set in the final stage' : `is "${actual}"`;
    return [{ at: DOCKERFILE, why: `LABEL ${label} ${found}; ${METADATA_PATH} has ${key}: ${value}` }];
  });
}

function connectorImageProblems(connectorImage: string, metadata: Metadata): Problem[] {
  const repository = connectorImage.replace(/:[^/:]*$/, '');
  return repository === metadata.dockerRepository
    ? []
    : [{ at: 'acceptance-test-config.yml', why: `connector_image ${connectorImage} is not an image of ${metadata.dockerRepository}` }];
}
