#!/usr/bin/env node
// `npx quire …` and the installed `quire` command run the compiled CLI.
import '../dist/main.js';
