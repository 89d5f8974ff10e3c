export { renderHcl, renderVariable, renderValue } from './render';
export { parseJobspec, parseJobspecBatch, hclError } from './parse';
export type { ParseOptions } from './parse';
export { formatHcl, isCanonical } from './format';
export { renderTemplatefile, templatePlaceholders } from './templatefile';
export {
  escapeTemplateText,
  quoteString,
  heredocMarker,
  scanTemplate,
  isIdentifier,
} from './escape';
export type { TemplatePart } from './escape';
export { levenshtein, nearest } from './suggest';
