#!/usr/bin/env node
import { runProcess } from './protocol/cli.js';
import { loadSpecification, loadVersion } from './spec.js';

await runProcess(
  { specification: loadSpecification(), version: loadVersion, load: async () => new (await import('./source.js')).TwilioSource() },
  process.argv.slice(2),
);
