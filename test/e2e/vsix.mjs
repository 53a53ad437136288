// Checks the packaged extension: under 2 MB, and only the allow-listed files of .vscodeignore
// (bundles, wasm, manifest, docs, licence) inside. Reads the zip's central directory directly.
import { readFileSync, statSync } from 'node:fs';
import { vsixPath } from './lib/paths.mjs';

const MAX_BYTES = 2 * 1024 * 1024;
const ALLOWED = [
  /^\[Content_Types\]\.xml$/,
  /^extension\.vsixmanifest$/,
  /^extension\/package\.json$/,
  /^extension\/(readme|README)\.md$/,
  /^extension\/RULES\.md$/,
  /^extension\/(changelog|CHANGELOG)\.md$/,
  /^extension\/LICENSE(\.txt)?$/,
  /^extension\/dist\/[\w.-]+\.(js|wasm)$/,
  // Facts of the standard library, shipped so that predictions know it without a toolchain.
  /^extension\/dist\/stdfacts\/go[\d.]+\.json\.gz$/,
];
const REQUIRED = ['extension/package.json', 'extension/dist/extension.js', 'extension/dist/server.js', 'extension/dist/server-main.js',
  'extension/dist/web-tree-sitter.wasm', 'extension/dist/tree-sitter-go.wasm', 'extension/dist/profile-worker.js'];

function zipEntries(buffer) {
  // The end-of-central-directory record is in the last 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = buffer.length - 22; i >= Math.max(0, buffer.length - 65_557); i--) {
    if (buffer.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error('not a zip file');
  const count = buffer.readUInt16LE(eocd + 10);
  let offset = buffer.readUInt32LE(eocd + 16);
  const names = [];
  for (let n = 0; n < count; n++) {
    if (buffer.readUInt32LE(offset) !== 0x02014b50) throw new Error('bad central directory entry');
    const nameLength = buffer.readUInt16LE(offset + 28);
    const extraLength = buffer.readUInt16LE(offset + 30);
    const commentLength = buffer.readUInt16LE(offset + 32);
    names.push(buffer.toString('utf8', offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

const size = statSync(vsixPath).size;
const names = zipEntries(readFileSync(vsixPath));
const failures = [];
if (size >= MAX_BYTES) failures.push(`${vsixPath} is ${size} bytes, over ${MAX_BYTES}`);
for (const name of names) if (!ALLOWED.some((pattern) => pattern.test(name))) failures.push(`not allow-listed: ${name}`);
for (const name of REQUIRED) if (!names.includes(name)) failures.push(`missing: ${name}`);
console.log(`${vsixPath}: ${size} bytes, ${names.length} entries`);
for (const name of names) console.log(`  ${name}`);
if (failures.length > 0) {
  console.error(`vsix check FAILED:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log('vsix check: passed');
