// Runs cognito-local (from the node_modules folder given as the first argument) as a child of the
// local stack. The stack holds this process's stdin open; when the stack exits, however it exits,
// stdin closes and this process ends with it, so no orphan is left behind.
'use strict';
const path = require('node:path');

const nodeModules = process.argv[2];
if (!nodeModules) {
  console.error('usage: node cognito-local.js NODE_MODULES_DIR');
  process.exit(2);
}
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => process.exit(0));
}
require(path.join(path.resolve(nodeModules), 'cognito-local', 'lib', 'bin', 'start.js'));
