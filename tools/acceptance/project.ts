/** The connector's files, by the paths acceptance-test-config.yml uses: relative to its base path. */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';

export class Project {
  constructor(readonly basePath: string) {}

  resolve(path: string): string {
    return resolve(this.basePath, path);
  }

  async text(path: string): Promise<string> {
    try {
      return await readFile(this.resolve(path), 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new Error(`Cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}.`);
    }
  }

  async json(path: string): Promise<unknown> {
    const text = await this.text(path);
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new Error(`${path} is not valid JSON: ${(error as Error).message}.`);
    }
  }

  async yaml(path: string): Promise<unknown> {
    const text = await this.text(path);
    try {
      return parseYaml(text) as unknown;
    } catch (error) {
      throw new Error(`${path} is not valid YAML: ${(error as Error).message}`);
    }
  }

  async writeJson(path: string, value: unknown): Promise<void> {
    await mkdir(dirname(this.resolve(path)), { recursive: true });
    await writeFile(this.resolve(path), `${JSON.stringify(value, null, 2)}\n`);
  }
}
