/**
 * Masks secret values in text. Secrets come from the config (every `airbyte_secret` property of the spec) and from
 * the source itself (derived forms such as an Authorization header).
 */
export class SecretMasker {
  private readonly secrets = new Set<string>();
  private pattern: RegExp | undefined;

  add(...values: string[]): void {
    for (const value of values) {
      if (value.length > 0) this.secrets.add(value);
    }
    const escaped = [...this.secrets]
      .sort((a, b) => b.length - a.length)
      .map((secret) => secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    this.pattern = escaped.length > 0 ? new RegExp(escaped.join('|'), 'g') : undefined;
  }

  mask(text: string): string {
    return this.pattern ? text.replace(this.pattern, '****') : text;
  }
}

/** Values of the config found at the spec's `airbyte_secret` properties, looking into every `oneOf` variant. */
export function secretValuesOf(connectionSpecification: unknown, config: unknown): string[] {
  const found: string[] = [];
  const visit = (schema: unknown, value: unknown): void => {
    if (!isObject(schema) || value === undefined || value === null) return;
    if (schema['airbyte_secret'] === true) {
      if (typeof value === 'string') found.push(value);
      else if (typeof value === 'number') found.push(String(value));
      return;
    }
    const variants = Array.isArray(schema['oneOf']) ? schema['oneOf'] : [];
    for (const variant of variants) visit(variant, value);
    const properties = schema['properties'];
    if (isObject(properties) && isObject(value)) {
      for (const [key, propertySchema] of Object.entries(properties)) visit(propertySchema, value[key]);
    }
  };
  visit(connectionSpecification, config);
  return found;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
