import Module from 'module';

export interface DeferOptions {
  /**
   * The module is an ES module compiled to CommonJS: its stand-in answers `__esModule` without
   * loading it, so `__importStar(require(...))` keeps the stand-in rather than copying every
   * property at once. @default false
   */
  readonly esModule?: boolean;
}

/**
 * Puts a stand-in for the module file `target` into the require cache: the real module loads
 * the first time anything calls the stand-in or reads a property of it. For dependencies that
 * eagerly load large parts this app never uses. Under a loader without `require.cache` (jest),
 * or when the module is already loaded, it does nothing.
 */
export function deferModule(target: string, options: DeferOptions = {}): void {
  if (typeof require === 'undefined' || require.cache === undefined) return;
  if (require.cache[target] !== undefined) return;
  let real: unknown;
  const load = (): object => {
    if (real === undefined) {
      delete require.cache[target];
      real = Module.createRequire(target)(target) as unknown;
    }
    return real as object;
  };
  const standIn = new Proxy(function deferredModule() {}, {
    apply: (_t, self, args: unknown[]) =>
      Reflect.apply(load() as (...a: unknown[]) => unknown, self, args),
    get: (_t, prop) =>
      prop === '__esModule' && options.esModule === true ? true : Reflect.get(load(), prop),
    has: (_t, prop) => Reflect.has(load(), prop),
    ownKeys: () => Reflect.ownKeys(load()),
    getOwnPropertyDescriptor: (_t, prop) => {
      const d = Reflect.getOwnPropertyDescriptor(load(), prop);
      return d === undefined ? undefined : { ...d, configurable: true };
    },
  });
  const entry = new Module(target);
  entry.filename = target;
  entry.loaded = true;
  entry.exports = standIn;
  require.cache[target] = entry;
}

/** Resolves `request` as `from` would, or undefined when it is not installed. */
export function resolveFrom(from: string, request: string): string | undefined {
  try {
    return require.resolve(request, { paths: [from] });
  } catch {
    return undefined;
  }
}
