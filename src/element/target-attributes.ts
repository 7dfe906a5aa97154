import type { Target, Translated } from '../contracts/target.js';

/** The text of every target attribute set on the element, by name (`''` for a present boolean one). */
export type TargetAttributeValues = Readonly<Record<string, string>>;

export interface TargetAttributeProblem {
  readonly attribute: string;
  readonly value: string;
  /** The target's own sentence for it. */
  readonly message: Translated<[value: string]>;
}

export interface TargetAttributeCheck {
  /** The options the chosen target's attributes mean, laid over `providerOptions`. */
  readonly overrides: object;
  readonly problems: readonly TargetAttributeProblem[];
}

/** Every attribute name the targets read, once each. */
export function targetAttributeNames(targets: readonly Target[]): readonly string[] {
  return [...new Set(targets.flatMap((target) => (target.attributes ?? []).map((attribute) => attribute.name)))];
}

/** Reads the targets' attributes off the element: text ones when set, boolean ones when present. */
export function readTargetAttributes(host: Element, targets: readonly Target[]): TargetAttributeValues {
  const values: Record<string, string> = {};
  for (const name of targetAttributeNames(targets)) {
    const text = host.getAttribute(name);
    if (text !== null) values[name] = text;
  }
  return values;
}

/**
 * Maps the attributes onto the chosen target's options; attributes win over `providerOptions`.
 * Every target's attributes are checked, not only the chosen one's: a bad value is a problem,
 * never a guess (these attributes decide where the token goes and how bytes are cut), so
 * uploads stop until it is fixed. A blank text attribute counts as unset.
 */
export function checkTargetAttributes(
  targets: readonly Target[],
  chosen: Target | undefined,
  values: TargetAttributeValues,
  providerOptions: object | undefined,
): TargetAttributeCheck {
  const problems: TargetAttributeProblem[] = [];
  const overrides: Record<string, unknown> = { ...providerOptions };
  const seen = new Set<string>();
  for (const target of chosen === undefined ? targets : [chosen, ...targets.filter((t) => t !== chosen)]) {
    for (const attribute of target.attributes ?? []) {
      const text = values[attribute.name];
      if (text === undefined || (attribute.type !== 'boolean' && text.trim() === '')) continue;
      const parsed = attribute.parse(text);
      if (parsed === undefined) {
        if (!seen.has(attribute.name)) problems.push({ attribute: attribute.name, value: text, message: attribute.invalid });
        seen.add(attribute.name);
      } else if (target === chosen) Object.assign(overrides, parsed);
    }
  }
  return { overrides, problems };
}

/**
 * Watches the targets' attributes on the element. They are no Lit properties (the element names
 * no target): the default targets' ones are observed attributes (attributeChangedCallback); those
 * of a `targets` list set later are watched with a MutationObserver. `read()` returns the same
 * object while the values are the same, so the settings see no change.
 */
export class TargetAttributeWatcher {
  readonly #host: HTMLElement & { requestUpdate(): void };
  readonly #targets: () => readonly Target[];
  readonly #observer: MutationObserver;
  #values: TargetAttributeValues = {};

  constructor(host: HTMLElement & { requestUpdate(): void }, targets: () => readonly Target[]) {
    this.#host = host;
    this.#targets = targets;
    this.#observer = new MutationObserver(() => host.requestUpdate());
  }

  /** (Re)starts watching the current targets' attributes. */
  watch(): void {
    this.#observer.disconnect();
    const names = targetAttributeNames(this.#targets());
    if (names.length > 0) this.#observer.observe(this.#host, { attributes: true, attributeFilter: [...names] });
  }

  stop(): void {
    this.#observer.disconnect();
  }

  /** Whether a changed attribute is one of the targets'. */
  concerns(name: string): boolean {
    return targetAttributeNames(this.#targets()).includes(name);
  }

  read(): TargetAttributeValues {
    const values = readTargetAttributes(this.#host, this.#targets());
    if (JSON.stringify(values) !== JSON.stringify(this.#values)) this.#values = values;
    return this.#values;
  }
}
