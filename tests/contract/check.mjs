// Holds docs/openapi.yaml against reality: validates every answer the server's integration
// tests received (the JSON lines tests/server/support.cpp appends to MAWID_CONTRACT_LOG)
// against the operation's documented response, and assets/catalog.json against
// docs/catalog.schema.json. An answer for a path, method or status the contract does not
// list, or whose body does not match its schema, fails: code and contract cannot drift.
//
//   node check.mjs ANSWERS.jsonl      (exit 0 when everything matches)
//   node check.mjs --catalog FILE     (a catalogue file only, e.g. before --seed-demo loads it)
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import yaml from 'js-yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const spec = yaml.load(readFileSync(join(root, 'docs/openapi.yaml'), 'utf8'));
const catalogSchema = JSON.parse(readFileSync(join(root, 'docs/catalog.schema.json'), 'utf8'));

// Paths outside /api/ that the contract covers; everything else is the web app's files.
const kOperational = new Set(['/healthz', '/readyz', '/metrics']);

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(catalogSchema);
// The components, as one schema the responses' schemas refer into.
const refs = (node) =>
  JSON.parse(
    JSON.stringify(node)
      .replaceAll('"#/components/schemas/', '"mawid-components#/schemas/')
      .replaceAll('"./catalog.schema.json"', `"${catalogSchema.$id}"`),
  );
ajv.addSchema({ $id: 'mawid-components', schemas: refs(spec.components.schemas) });

// Route templates as regular expressions, literal paths before templated ones.
const routes = Object.keys(spec.paths)
  .map((template) => ({
    template,
    params: (template.match(/\{/g) || []).length,
    regex: new RegExp('^' + template.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+') + '$'),
  }))
  .sort((a, b) => a.params - b.params);

const local = (ref) => ref.replace('#/', '').split('/').reduce((node, key) => node[key], spec);
const deref = (node) => (node && node.$ref ? deref(local(node.$ref)) : node);

const validators = new Map();
function validatorFor(key, schema) {
  if (!validators.has(key)) validators.set(key, ajv.compile(refs(schema)));
  return validators.get(key);
}

// The problem with one recorded answer, or null when the contract describes it.
function problem(answer) {
  const path = answer.target.split('?')[0];
  if (!path.startsWith('/api/') && path !== '/api' && !kOperational.has(path)) return null;
  const route = routes.find((r) => r.regex.test(path));
  const method = answer.method.toLowerCase();
  let where;
  let responses;
  if (!route) {
    // Any other path under /api/: 404 not_found (the contract's convention).
    where = `unlisted path ${path}`;
    responses = { 404: spec.components.responses.NotFound };
  } else if (!spec.paths[route.template][method]) {
    // A method the path does not list: 405, or what is refused before routing.
    where = `${answer.method} ${route.template} (method not listed)`;
    responses = {
      405: spec.components.responses.MethodNotAllowed,
      415: spec.components.responses.UnsupportedMediaType,
      429: spec.components.responses.RateLimited,
    };
  } else {
    where = `${answer.method} ${route.template}`;
    responses = spec.paths[route.template][method].responses;
  }
  // Any operation may find the database away (the contract's convention): 503 server_busy.
  const busy = answer.status === 503 ? spec.components.responses.ServerBusy : undefined;
  const documented = deref(responses[String(answer.status)] ?? busy);
  if (!documented) return `${where}: status ${answer.status} is not in the contract`;
  if (answer.method === 'HEAD' || answer.status === 304) return null;
  const content = documented.content;
  if (!content) {
    return answer.body === '' ? null : `${where} ${answer.status}: a body the contract does not list`;
  }
  const type = (answer.content_type || '').split(';')[0].trim().toLowerCase();
  const media = content[type];
  if (!media) return `${where} ${answer.status}: content type "${type}" is not in the contract`;
  if (!media.schema || type !== 'application/json') return null;
  let body;
  try {
    body = JSON.parse(answer.body);
  } catch {
    return `${where} ${answer.status}: the body is not JSON`;
  }
  const validate = validatorFor(`${where} ${answer.status} ${type}`, media.schema);
  if (validate(body)) return null;
  const errors = ajv.errorsText(validate.errors, { dataVar: 'body' });
  return `${where} ${answer.status}: ${errors}\n    body: ${answer.body.slice(0, 300)}`;
}

function checkAnswers(file) {
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  const problems = new Map();  // one report per distinct problem, with a count
  const seen = new Set();
  for (const line of lines) {
    const answer = JSON.parse(line);
    const found = problem(answer);
    if (found) problems.set(found, (problems.get(found) || 0) + 1);
    const path = answer.target.split('?')[0];
    const route = routes.find((r) => r.regex.test(path));
    if (route) seen.add(`${answer.method.toLowerCase()} ${route.template}`);
  }
  for (const [text, count] of problems) console.error(`contract: ${text}${count > 1 ? ` (x${count})` : ''}`);
  const operations = Object.entries(spec.paths).flatMap(([template, item]) =>
    ['get', 'post', 'put', 'patch', 'delete'].filter((m) => item[m]).map((m) => `${m} ${template}`));
  const unexercised = operations.filter((op) => !seen.has(op));
  console.log(`contract: ${lines.length} answers checked, ${problems.size} distinct problems; ` +
    `${operations.length - unexercised.length} of ${operations.length} operations exercised`);
  if (unexercised.length) console.log(`contract: not exercised by the tests: ${unexercised.join(', ')}`);
  if (lines.length === 0) {
    console.error('contract: no answers recorded (was MAWID_CONTRACT_LOG set for ctest?)');
    return false;
  }
  return problems.size === 0;
}

function checkCatalog(file) {
  const validate = ajv.getSchema(catalogSchema.$id);
  const catalog = JSON.parse(readFileSync(file, 'utf8'));
  if (validate(catalog)) {
    console.log(`contract: ${file} matches docs/catalog.schema.json`);
    return true;
  }
  console.error(`contract: ${file}: ${ajv.errorsText(validate.errors, { dataVar: 'catalog' })}`);
  return false;
}

const [first, second] = process.argv.slice(2);
if (!first || (first === '--catalog' && !second)) {
  console.error('usage: node check.mjs ANSWERS.jsonl | node check.mjs --catalog FILE');
  process.exit(2);
}
if (first === '--catalog') process.exit(checkCatalog(second) ? 0 : 1);
const catalogOk = checkCatalog(join(root, 'assets/catalog.json'));
const answersOk = checkAnswers(first);
process.exit(catalogOk && answersOk ? 0 : 1);
