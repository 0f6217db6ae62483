// Where the bytes of a wasm module go, from its name section (twiggy's `top`, without
// installing twiggy): code size per function, then per crate (and per module of meshboard).
// Needs names, which wasm-opt strips: run it on a module optimised with `wasm-opt -Oz -g`.
//   node bench/wasm_top.mjs module.wasm [how many functions to list]
import { readFileSync } from 'node:fs';

const bytes = readFileSync(process.argv[2]);
const listed = Number(process.argv[3] || 30);

let at = 8;
function leb() {
  let result = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++];
    result += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return result;
  }
}
function skipLimits() {
  const flags = leb();
  leb();
  if (flags & 1) leb();
}

let importedFunctions = 0;
const bodySizes = [];
const names = new Map();
let dataBytes = 0;
while (at < bytes.length) {
  const id = bytes[at++];
  const size = leb();
  const end = at + size;
  if (id === 2) {
    for (let n = leb(); n > 0; n--) {
      // Module and field names (`at += leb()` would add to the `at` read before the call).
      for (let text = 0; text < 2; text++) {
        const length = leb();
        at += length;
      }
      const kind = bytes[at++];
      if (kind === 0) { leb(); importedFunctions++; } else if (kind === 1) { at++; skipLimits(); } else if (kind === 2) skipLimits(); else at += 2;
    }
  } else if (id === 10) {
    for (let n = leb(); n > 0; n--) {
      const start = at;
      const length = leb();
      at += length;
      bodySizes.push(at - start);
    }
  } else if (id === 11) {
    dataBytes += size;
  } else if (id === 0) {
    const nameLength = leb();
    const sectionName = bytes.subarray(at, at + nameLength).toString();
    at += nameLength;
    while (sectionName === 'name' && at < end) {
      const sub = bytes[at++];
      const subSize = leb();
      const subEnd = at + subSize;
      if (sub === 1) {
        for (let n = leb(); n > 0; n--) {
          const index = leb();
          const length = leb();
          names.set(index, bytes.subarray(at, at + length).toString());
          at += length;
        }
      }
      at = subEnd;
    }
  }
  at = end;
}

// `<T as tachys::…>::build::h0123…` -> `tachys`; `meshboard::ui::logs::view::…` -> `meshboard::ui::logs`.
function owner(name) {
  const plain = name.replace(/\[[0-9a-f]+\]/g, '').replace(/^(<|&|mut |dyn )+/, '').replace(/<.*$/, '');
  const parts = plain.split('::');
  // The standard library by module too: `core::slice::sort` (one copy per sorted type and
  // comparator) and `core::ptr::drop_in_place` are worth seeing apart.
  return ['meshboard', 'core', 'alloc'].includes(parts[0]) ? parts.slice(0, 3).join('::') : parts[0];
}

const functions = bodySizes.map((size, i) => ({ size, name: names.get(i + importedFunctions) || `func${i}` }));
const code = bodySizes.reduce((a, b) => a + b, 0);
console.log(`code ${code} B in ${functions.length} functions, data ${dataBytes} B`);
console.log('\nlargest functions');
[...functions].sort((a, b) => b.size - a.size).slice(0, listed)
  .forEach((f) => console.log(`${String(f.size).padStart(8)}  ${f.name.slice(0, 150)}`));
const byOwner = new Map();
for (const f of functions) {
  const key = owner(f.name);
  const entry = byOwner.get(key) || { size: 0, count: 0 };
  entry.size += f.size;
  entry.count += 1;
  byOwner.set(key, entry);
}
console.log('\nby crate (meshboard by module): bytes, functions');
[...byOwner.entries()].sort((a, b) => b[1].size - a[1].size).slice(0, listed)
  .forEach(([key, e]) => console.log(`${String(e.size).padStart(8)} ${String(e.count).padStart(5)}  ${key}`));
