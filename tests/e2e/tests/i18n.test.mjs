// Translation tables: every table has every key the English table has, every error
// code of the API (shared/include/mawid/errors.hpp) has a message, placeholders match,
// and the client's C++ holds no key that the tables lack.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync, readdirSync} from 'node:fs';
import path from 'node:path';
import {root} from '../lib/harness.mjs';

const dir = path.join(root, 'assets/i18n');
const tables = Object.fromEntries(readdirSync(dir).filter(f => f.endsWith('.json'))
  .map(f => [f.slice(0, -5), JSON.parse(readFileSync(path.join(dir, f), 'utf8'))]));
const placeholders = (text) => [...String(text).matchAll(/\{(\w+)\}/g)].map(m => m[1]).sort();

// The integers (0-1000) a language's plural category holds: a category of one number only
// (Arabic's zero, one and two, English's one) may write the number as a word.
const members = (lang, category) => {
  const rules = new Intl.PluralRules(lang);
  return Array.from({length: 1001}, (_, n) => n).filter(n => rules.select(n) === category);
};

test('every table is complete and has the same placeholders as English', () => {
  const en = tables.en;
  for (const [lang, t] of Object.entries(tables)) {
    assert.ok(t._meta && t._meta.name && ['ltr', 'rtl'].includes(t._meta.dir), `${lang}: _meta`);
    for (const key of Object.keys(en)) {
      if (key === '_meta') continue;
      if (typeof en[key] === 'object') continue;  // plural texts: the next test
      assert.ok(typeof t[key] === 'string' && t[key].length > 0, `${lang}: missing ${key}`);
      assert.deepEqual(placeholders(t[key]), placeholders(en[key]), `${lang}: placeholders of ${key}`);
    }
  }
});

// Issue 13: a text with a count is an object of CLDR plural forms, with exactly the
// categories the language's rules use (Arabic all six, the others one and other), each
// with English's placeholders ({count} everywhere but in a category of a single number).
test('every plural text has each CLDR form its language needs, with the same placeholders', () => {
  const en = tables.en;
  const plural = Object.keys(en).filter(k => k !== '_meta' && typeof en[k] === 'object');
  assert.ok(plural.length >= 10, `${plural.length} plural texts`);
  assert.deepEqual(new Intl.PluralRules('ar').resolvedOptions().pluralCategories.sort(),
                   ['few', 'many', 'one', 'other', 'two', 'zero']);
  for (const [lang, t] of Object.entries(tables)) {
    const needed = new Intl.PluralRules(lang).resolvedOptions().pluralCategories.sort();
    for (const key of plural) {
      assert.ok(t[key] && typeof t[key] === 'object', `${lang}: ${key} is not a plural object`);
      assert.deepEqual(Object.keys(t[key]).sort(), needed, `${lang}: forms of ${key}`);
      const want = placeholders(en[key].other);
      assert.ok(want.includes('count'), `en: ${key} has no {count}`);
      for (const [category, text] of Object.entries(t[key])) {
        assert.ok(typeof text === 'string' && text.length > 0, `${lang}: ${key}.${category}`);
        const single = members(lang, category).length === 1;
        const have = placeholders(text);
        const expected = single && !have.includes('count') ? want.filter(p => p !== 'count') : want;
        assert.deepEqual(have, expected, `${lang}: placeholders of ${key}.${category}`);
      }
    }
  }
});

test('Arabic counts 0, 1, 2, 3, 11, 100 and 101 in the grammar of each number', () => {
  const rules = new Intl.PluralRules('ar');
  const form = (key, n) => tables.ar[key][rules.select(n)].replace('{count}', String(n));
  assert.deepEqual([0, 1, 2, 3, 11, 100, 101].map(n => form('days.free_count', n)),
                   ['لا أماكن متاحة', 'مكانٌ واحد متاح', 'مكانان متاحان', '3 أماكن متاحة',
                    '11 مكانًا متاحًا', '100 مكان متاح', '101 مكان متاح']);
  const en = new Intl.PluralRules('en');
  assert.equal(tables.en['days.free_count'][en.select(1)].replace('{count}', '1'), '1 free place');
  assert.equal(tables.en['days.free_count'][en.select(124)].replace('{count}', '124'), '124 free places');
  // Hindi and Urdu inflect the noun; Hindi, Bengali and Persian count 0 with 1.
  assert.equal(tables.hi['days.free_count'][new Intl.PluralRules('hi').select(3)], '{count} जगहें खाली');
  assert.equal(new Intl.PluralRules('hi').select(0), 'one');
  assert.equal(tables.ur['days.free_count'][new Intl.PluralRules('ur').select(1)], '{count} جگہ خالی');
});

test('no table holds a key the English table lacks', () => {
  for (const [lang, t] of Object.entries(tables)) {
    for (const key of Object.keys(t)) assert.ok(key in tables.en, `${lang}: ${key} is not in en.json`);
  }
});

// Issue 13: six languages, each named in its own script, each with the digits its readers
// use every day (docs/translations.md says why); a digit set the client does not know
// (shared/src/strings.cpp) would silently fall back to Western digits.
test('the six tables name themselves in their own script and choose their digits', () => {
  const expected = {
    ar: {name: 'العربية', dir: 'rtl', digits: undefined},
    en: {name: 'English', dir: 'ltr', digits: undefined},
    ur: {name: 'اردو', dir: 'rtl', digits: 'arabext'},
    fa: {name: 'فارسی', dir: 'rtl', digits: 'arabext'},
    hi: {name: 'हिन्दी', dir: 'ltr', digits: 'latn'},
    bn: {name: 'বাংলা', dir: 'ltr', digits: 'beng'},
  };
  for (const [lang, meta] of Object.entries(expected)) {
    assert.ok(tables[lang], `no table ${lang}.json`);
    const {name, dir, digits} = tables[lang]._meta;
    assert.deepEqual({name, dir, digits}, meta, `${lang}: _meta`);
  }
  for (const [lang, t] of Object.entries(tables)) {
    const d = t._meta.digits;
    assert.ok(d === undefined || ['latn', 'arab', 'arabext', 'deva', 'beng'].includes(d), `${lang}: digits ${d}`);
  }
});

// Codes, CPR and phone numbers are typed and read in ASCII whatever the language: the
// examples a citizen copies from (phone, e-mail, hours) keep ASCII digits in every table.
test('examples a person types stay in ASCII in every table', () => {
  for (const [lang, t] of Object.entries(tables)) {
    assert.ok(t['details.phone_hint'].includes('3600 1234'), `${lang}: details.phone_hint`);
    assert.ok(t['error.invalid_email'].includes('name@example.com'), `${lang}: error.invalid_email`);
    assert.ok(t['staff.admin.bad_hours'].includes('07:00-14:00'), `${lang}: staff.admin.bad_hours`);
  }
});

test('every API error code has a message in every language', () => {
  const header = readFileSync(path.join(root, 'shared/include/mawid/errors.hpp'), 'utf8');
  const body = header.match(/enum class ErrorCode \{([^}]*)\}/)[1];
  const codes = body.split(',').map(s => s.replace(/\/\/.*$/gm, '').trim()).filter(Boolean);
  assert.ok(codes.includes('slot_full') && codes.length >= 10);
  for (const [lang, t] of Object.entries(tables)) {
    for (const code of [...codes, 'network']) {
      assert.ok(t['error.' + code], `${lang}: no message for error ${code}`);
    }
  }
});

test('every literal key used by the client exists in the tables', () => {
  const files = [];
  for (const sub of ['client/kit', 'client/shell', 'client/citizen', 'client/citizen/screens',
                     'client/centre']) {
    for (const f of readdirSync(path.join(root, sub))) {
      if (/\.(cpp|hpp)$/.test(f)) files.push(path.join(root, sub, f));
    }
  }
  for (const f of files) {
    const src = readFileSync(f, 'utf8');
    for (const m of src.matchAll(/tr(?:\.format|\.count)?\("([a-z_]+\.[a-z_.]+)"/g)) {
      if (m[1].endsWith('.')) continue;  // a prefix completed at run time ("status." + code)
      assert.ok(m[1] in tables.en, `${path.basename(f)} uses ${m[1]}, not in en.json`);
    }
  }
});

test('every message key of the centre app exists in the tables', () => {
  // Its messages are kept as keys and formatted when drawn ({"staff.admin.applied", ...}).
  const dir = path.join(root, 'client/centre');
  for (const f of readdirSync(dir).filter(n => /\.(cpp|hpp)$/.test(n))) {
    const src = readFileSync(path.join(dir, f), 'utf8');
    for (const m of src.matchAll(/"@?((?:staff|error|status)\.[a-z_]+(?:\.[a-z_-]+)+)"/g)) {
      assert.ok(m[1] in tables.en, `${f} uses ${m[1]}, not in en.json`);
    }
  }
});

test('every audit action has its words in every table', () => {
  const header = readFileSync(path.join(root, 'shared/include/mawid/staff.hpp'), 'utf8');
  const list = header.match(/kAuditActions = \{([^}]*)\}/)[1];
  const actions = [...list.matchAll(/"([a-z_]+)"/g)].map(m => m[1]);
  assert.ok(actions.includes('check_in') && actions.length >= 26);
  for (const [lang, t] of Object.entries(tables)) {
    for (const action of actions) {
      assert.ok(t['staff.audit.action.' + action], `${lang}: no words for audit action ${action}`);
    }
  }
});
