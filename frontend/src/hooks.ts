// Small Preact hooks shared by the components.

import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { parseRoute, type Route } from './route';

export function useHashRoute(): Route {
  const [route, setRoute] = useState<Route>(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

export type Loadable<T> =
  | { state: 'loading' }
  | { state: 'ready'; value: T }
  | { state: 'failed'; error: unknown };

/**
 * Run `load` whenever one of `deps` changes; a newer run wins over a slower older one.
 * `settled`, asked once on the first render, may hand over an answer that is already in:
 * the first render shows it and the first run is skipped (no render in a loading state, no
 * wait for the effect after the next frame).
 */
export function useLoad<T>(
  load: () => Promise<T>,
  deps: unknown[],
  settled?: () => Loadable<T> | null,
): [Loadable<T>, () => void] {
  const [first] = useState(() => settled?.() ?? null);
  const [result, setResult] = useState<Loadable<T>>(first ?? { state: 'loading' });
  const [reloads, setReloads] = useState(0);
  const latest = useRef(0);
  useEffect(() => {
    const run = ++latest.current;
    if (run === 1 && first) return;
    load().then(
      (value) => run === latest.current && setResult({ state: 'ready', value }),
      (error: unknown) => run === latest.current && setResult({ state: 'failed', error }),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, reloads]);
  return [result, () => setReloads((n) => n + 1)];
}

/**
 * The rendered width of an element, kept up to date as the window resizes. Measured as soon
 * as the element is in the page, before it is painted: the first frame already has the real
 * width instead of showing `fallback` and redrawing a frame later.
 */
export function useElementWidth<E extends HTMLElement>(fallback: number) {
  const ref = useRef<E>(null);
  const [width, setWidth] = useState(fallback);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return undefined;
    const measure = () => setWidth(Math.floor(element.clientWidth) || fallback);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [fallback]);
  return [ref, width] as const;
}
