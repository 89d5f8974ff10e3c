import { isCollection, isScalar, visit, type Document, type Node } from 'yaml';

/**
 * Keys YAML allows and JSON objects cannot hold: a list, a map, or a tagged value that is no
 * text (`!!binary` bytes, a date). yaml would stringify such a key, and print a warning quoting
 * it; the site and `yamldecode()` refuse them instead, as Terraform does.
 */
export function nonTextKeys(doc: Document): Node[] {
  const found: Node[] = [];
  visit(doc, {
    Pair(_, pair) {
      const k = pair.key;
      const text = isScalar(k) && (typeof k.value !== 'object' || k.value === null);
      if ((isCollection(k) || isScalar(k)) && !text) found.push(k);
    },
  });
  return found;
}
