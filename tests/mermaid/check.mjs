// Parses Mermaid files with the real Mermaid parser and exits non-zero with
// the parser's message on the first one it refuses.
// usage: node check.mjs FILE...   (FILE "-" reads standard input)
import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!DOCTYPE html><html><body></body></html>', { pretendToBeVisual: true });
globalThis.window = dom.window;
globalThis.document = dom.window.document;
for (const key of ['Element', 'HTMLElement', 'SVGElement', 'Node', 'DOMParser', 'MutationObserver']) {
  if (!(key in globalThis)) globalThis[key] = dom.window[key];
}

const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node check.mjs FILE...');
  process.exit(2);
}
let failed = 0;
for (const file of files) {
  const text = readFileSync(file === '-' ? 0 : file, 'utf8');
  try {
    const result = await mermaid.parse(text);
    if (!result) throw new Error('not a diagram Mermaid recognises');
    console.log(`${file}: ok (${result.diagramType})`);
  } catch (error) {
    const message = error && error.message ? error.message : String(error);
    console.error(`${file}: ${message}`);
    failed += 1;
  }
}
process.exit(failed ? 1 : 0);
