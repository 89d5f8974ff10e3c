export { renderJson, toApiJob } from './render';
export type { JsonObject, JsonValue } from './render';
