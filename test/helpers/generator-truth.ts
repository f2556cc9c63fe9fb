import { createLogGenerator } from '../../src/sources/generator.js';
import type { FakeValues } from '../../src/sources/fake-values.js';
import { INVENTORY, ORDER, PAYMENT, SEARCH } from '../../src/sources/kinds-commerce.js';
import { AUTH, GATEWAY, GENERIC, NOTIFICATION, USER } from '../../src/sources/kinds-platform.js';
import {
  BURST,
  FATAL,
  GATEWAY_UPSTREAM_FAILURE,
  SHARED_DEBUG,
  type Template,
  type TemplateContext,
} from '../../src/sources/log-templates.js';
import type { LabelledMessage } from './pattern-corpus.js';

// The true template of a generated message, from the generator's own template tables: each
// template is rendered once with every value a placeholder, and a message is labelled with the
// most specific rendering that matches it. The HTTP method a request log prints is part of its
// label: "GET <*> <*> <*>ms" and "POST <*> <*> <*>ms" are different messages of an endpoint.

const VALUE = '\u0000';
const METHOD = '\u0001';

const anyValue = new Proxy({}, { get: () => () => VALUE }) as FakeValues;
const symbolic: TemplateContext = {
  f: anyValue,
  service: VALUE,
  method: METHOD,
  path: VALUE,
  status: VALUE as unknown as number,
  latency: VALUE as unknown as number,
  dep: VALUE,
};

interface Known {
  label: string;
  pattern: RegExp;
  literal: number;
  hasMethod: boolean;
}

function allTemplates(): Template[] {
  const kinds = [GATEWAY, AUTH, USER, NOTIFICATION, GENERIC, PAYMENT, ORDER, INVENTORY, SEARCH];
  const out: Template[] = [...SHARED_DEBUG, ...FATAL];
  for (const k of kinds) for (const list of Object.values(k.templates)) out.push(...list);
  for (const mode of Object.values(BURST)) for (const list of Object.values(mode)) out.push(...list);
  for (const list of Object.values(GATEWAY_UPSTREAM_FAILURE)) out.push(...list);
  return out;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function known(): Known[] {
  const seen = new Map<string, Known>();
  for (const t of allTemplates()) {
    const text = t.msg(symbolic);
    if (seen.has(text)) continue;
    const source = text
      .split(VALUE)
      .map((part) => part.split(METHOD).map(escape).join('[A-Z]+'))
      .join('.+?');
    seen.set(text, {
      label: text.replaceAll(VALUE, '<*>'),
      pattern: new RegExp(`^${source}$`, 's'),
      literal: text.replaceAll(VALUE, '').replaceAll(METHOD, '').length,
      hasMethod: text.includes(METHOD),
    });
  }
  return [...seen.values()].sort((a, b) => b.literal - a.literal);
}

/** `count` messages of the real generator, each labelled with its template. */
export function generatorMessages(count = 20_000, seed: string | number = 'patterns'): LabelledMessage[] {
  const table = known();
  const gen = createLogGenerator({ seed });
  const out: LabelledMessage[] = [];
  let now = Date.UTC(2026, 0, 1);
  for (let i = 0; i < count; i++) {
    const log = gen.next((now += 7));
    const k = table.find((x) => x.pattern.test(log.message));
    if (k === undefined) throw new Error(`no generator template matches ${JSON.stringify(log.message)}`);
    const method = k.hasMethod ? ` [${String(log.fields.method)}]` : '';
    out.push({ message: log.message, template: k.label.replaceAll(METHOD, '<method>') + method });
  }
  return out;
}
