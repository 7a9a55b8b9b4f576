#!/usr/bin/env node
// The CLI is TypeScript run in place; tsx compiles it on load, so the package needs no build step.
require('tsx/cjs');
require('../main.ts');
