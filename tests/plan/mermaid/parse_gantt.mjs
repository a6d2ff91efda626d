// Parses the ```mermaid blocks of rekey's Markdown plans with the real Mermaid
// parser. Mermaid expects a browser, so jsdom provides window/document (set
// before mermaid and DOMPurify are imported: DOMPurify binds to `window` when
// its module is evaluated).
//
// Usage (from a directory whose node_modules holds mermaid and jsdom):
//   node parse_gantt.mjs PLAN.md [PLAN.md ...]
import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!DOCTYPE html><html><body></body></html>', { pretendToBeVisual: true });
globalThis.window = dom.window;
globalThis.document = dom.window.document;
for (const name of ['Element', 'HTMLElement', 'SVGElement', 'Node', 'DOMParser', 'MutationObserver']) {
  if (dom.window[name] && !(name in globalThis)) globalThis[name] = dom.window[name];
}
if (!('navigator' in globalThis)) {
  Object.defineProperty(globalThis, 'navigator', { value: dom.window.navigator, configurable: true });
}

const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false });

// mermaid.parse checks the grammar (lenient for gantt task data); the gantt db's
// getTasks() then computes every task's start and end, which throws on a bad
// date or duration, as rendering would.
async function checkGantt(source) {
  const result = await mermaid.parse(source);
  if (result && result.diagramType !== 'gantt') throw new Error(`parsed as ${result.diagramType}`);
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(source);
  const tasks = diagram.db.getTasks();
  const expected = source.split('\n').filter((l) => /^\s+[^:]+ :/.test(l) && !/^\s+(title|dateFormat|axisFormat|todayMarker|section)\b/.test(l)).length;
  if (tasks.length !== expected) throw new Error(`${tasks.length} tasks computed, ${expected} task lines`);
  for (const t of tasks) {
    if (!(t.startTime instanceof Date) || isNaN(t.startTime) || !(t.endTime instanceof Date) || isNaN(t.endTime)) {
      throw new Error(`task "${t.task}" has no valid start/end`);
    }
    if (t.endTime < t.startTime) throw new Error(`task "${t.task}" ends before it starts`);
  }
}

let failures = 0;
let blocks = 0;
for (const path of process.argv.slice(2)) {
  const text = readFileSync(path, 'utf8');
  const found = [...text.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]);
  if (found.length === 0) {
    console.error(`FAIL ${path}: no mermaid block`);
    failures++;
    continue;
  }
  for (const source of found) {
    blocks++;
    if (!source.startsWith('gantt\n')) {
      console.error(`FAIL ${path}: the block is not a gantt chart`);
      failures++;
      continue;
    }
    try {
      await checkGantt(source);
      console.log(`ok ${path}: gantt with ${source.split('\n').length - 1} lines parses, every task has valid dates`);
    } catch (e) {
      console.error(`FAIL ${path}: ${e.message ?? e}`);
      failures++;
    }
  }
}
// A deliberately broken chart must fail, so a parser that accepts anything cannot pass.
try {
  await checkGantt('gantt\n    dateFormat YYYY-MM-DD HH:mm\n    section s\n    bad :r1, not-a-date, 2h\n');
  console.error('FAIL the parser accepted a broken chart');
  failures++;
} catch {
  console.log('ok a broken chart is rejected');
}
console.log(`${blocks} mermaid block(s), ${failures} failure(s)`);
process.exit(failures === 0 && blocks > 0 ? 0 : 1);
