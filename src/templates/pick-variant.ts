/**
 * Which persona variant of a template a message is rendered with: the first of the user's
 * personas, in the order of the dimensions in cairn.yaml, that has a variant; null for the base
 * template. The renderer and the scenario runtime (`cairn test`) both pick with this.
 */
export function pickVariant<T>(
  variants: ReadonlyMap<string, T>,
  personas: Record<string, string | null>,
): T | null {
  if (variants.size === 0) return null;
  for (const persona of Object.values(personas)) {
    const variant = persona === null ? undefined : variants.get(persona);
    if (variant) return variant;
  }
  return null;
}
