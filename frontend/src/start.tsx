// The dashboard, drawn into the page once its code is loaded (main.tsx loads this module).

import { render } from 'preact';
import { App } from './app';

export function start(): void {
  const root = document.getElementById('app');
  if (root) render(<App />, root);
}
