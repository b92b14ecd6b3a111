/** The files that say how the connector ships, read as they are in the repository. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

export interface ShippingFiles {
  readonly dockerfile: string;
  readonly dockerignore: string;
  readonly metadata: string;
  readonly packageJson: string;
  readonly spec: string;
  readonly docs: string;
}

const SHIPPING_FILE_PATHS: Readonly<Record<keyof ShippingFiles, string>> = {
  dockerfile: 'Dockerfile',
  dockerignore: '.dockerignore',
  metadata: 'metadata.yaml',
  packageJson: 'package.json',
  spec: 'spec.json',
  docs: 'docs/twilio.md',
};

export async function readShippingFiles(root: string): Promise<ShippingFiles> {
  const read = (key: keyof ShippingFiles) => readFile(join(root, SHIPPING_FILE_PATHS[key]), 'utf8');
  return {
    dockerfile: await read('dockerfile'),
    dockerignore: await read('dockerignore'),
    metadata: await read('metadata'),
    packageJson: await read('packageJson'),
    spec: await read('spec'),
    docs: await read('docs'),
  };
}

const packageJsonSchema = z.object({
  name: z.string(),
  version: z.string(),
  license: z.string(),
  bin: z.record(z.string(), z.string()),
  dependencies: z.record(z.string(), z.string()).default({}),
  devDependencies: z.record(z.string(), z.string()).default({}),
});
export type PackageJson = z.infer<typeof packageJsonSchema>;

export const parsePackageJson = (text: string): PackageJson => packageJsonSchema.parse(JSON.parse(text));

/** The connector's CLI as package.json declares it, relative to the package root: `dist/connector/main.js`. */
export function connectorBin(packageJson: PackageJson): string {
  const bin = packageJson.bin[packageJson.name];
  if (bin === undefined) throw new Error(`package.json has no bin named ${packageJson.name}`);
  return bin;
}
