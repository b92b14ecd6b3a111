#!/usr/bin/env node
import { runProcess } from './protocol/cli.js';
import { TwilioSource } from './source.js';

await runProcess(new TwilioSource(), process.argv.slice(2));
