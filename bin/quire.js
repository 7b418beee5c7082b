#!/usr/bin/env node
// `npx quire …` and the installed `quire` command run the compiled CLI.
import { runCli } from '../dist/main.js';

process.exitCode = await runCli(process.argv);
