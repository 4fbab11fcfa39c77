// Surveys the local Node.js for generate_javascript.py: built-in modules and their exports, and the
// global object with the static and prototype members of every built-in constructor and namespace.
// Run as a file (not `node -e`, which adds every built-in module to the globals as the REPL does).
'use strict';
const Module = require('module');

// Own properties every function has that say nothing about the API (`prototype`, `name` and
// `length` do exist and are kept).
const FUNCTION_OWN = new Set(['arguments', 'caller']);

function chainNames(object, stopAtObjectPrototype) {
  const names = new Set();
  for (let o = object; o !== null && o !== undefined; o = Object.getPrototypeOf(o)) {
    for (const n of Object.getOwnPropertyNames(o)) names.add(n);
    if (stopAtObjectPrototype && o === Object.prototype) break;
  }
  return [...names].filter((n) => !n.startsWith('__') && IDENTIFIER.test(n)).sort();
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function ownNames(value) {
  const names = Object.getOwnPropertyNames(value).filter((n) => IDENTIFIER.test(n));
  return (typeof value === 'function' ? names.filter((n) => !FUNCTION_OWN.has(n)) : names).sort();
}

function isPlainNamespace(value) {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function isClass(name, value) {
  return typeof value === 'function' && /^[A-Z]/.test(name) && value.prototype &&
    Object.getOwnPropertyNames(value.prototype).length > 1;
}

// Namespaces: name -> {members: [...], kind}
const modules = {};
const candidates = [...Module.builtinModules];
for (const extra of ['test', 'test/reporters', 'sea', 'sqlite']) {
  if (!candidates.includes(extra) && Module.isBuiltin('node:' + extra)) candidates.push('node:' + extra);
}
for (const id of candidates.sort()) {
  const name = id.replace(/^node:/, '');
  const entry = { prefixOnly: id.startsWith('node:') };
  modules[name] = entry;
  if (name.startsWith('_')) continue;
  let exported;
  try { exported = require(id); } catch (error) { entry.error = String(error); continue; }
  // An object export (process, console) also answers its prototype chain's methods (`process.on`).
  entry.members = typeof exported === 'object' && exported !== null && !isPlainNamespace(exported)
    ? chainNames(exported, true).filter((n) => n !== 'constructor') : ownNames(exported);
  entry.namespaces = {};
  for (const member of entry.members) {
    let value;
    if (member.startsWith('_')) continue;
    try { value = exported[member]; } catch { continue; }
    if (isPlainNamespace(value) && Object.getOwnPropertyNames(value).length > 0 && member !== 'constants') {
      entry.namespaces[member] = ownNames(value);
    } else if (isClass(member, value)) {
      entry.namespaces[member] = ownNames(value);
      entry.namespaces[member + '.prototype'] = chainNames(value.prototype, true);
    }
  }
}

const globals = {};
const globalNames = Object.getOwnPropertyNames(globalThis).sort();
globals.globalThis = globalNames;
for (const name of globalNames) {
  let value;
  try { value = globalThis[name]; } catch { continue; }
  if (typeof value === 'function') {
    globals[name] = chainNames(value, false).filter((n) => !FUNCTION_OWN.has(n));
    if (value.prototype && typeof value.prototype === 'object') globals[name + '.prototype'] = chainNames(value.prototype, true);
  } else if (value !== null && typeof value === 'object' && name !== 'globalThis' && name !== 'global') {
    globals[name] = chainNames(value, true);
    for (const inner of Object.getOwnPropertyNames(value)) {
      let innerValue;
      try { innerValue = value[inner]; } catch { continue; }
      if (typeof innerValue === 'function' && /^[A-Z]/.test(inner) && innerValue.prototype) {
        globals[name + '.' + inner] = chainNames(innerValue, false).filter((n) => !FUNCTION_OWN.has(n));
        globals[name + '.' + inner + '.prototype'] = chainNames(innerValue.prototype, true);
      }
    }
  }
}
// Scope names that CommonJS modules see but that are not properties of the global object.
globals.commonjs = ['__dirname', '__filename', 'exports', 'module', 'require'];
process.stdout.write(JSON.stringify({ node: process.versions.node, modules, globals }));
