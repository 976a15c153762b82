import { render } from 'preact';
import { api } from './api';
import { App, INFO_KEY } from './app';
import { startEarly } from './early';
import { parseRoute } from './route';
import { startDayEarly } from './useDayData';
import './styles/base.css';
import './styles/header.css';
import './styles/layout.css';
import './styles/controls.css';
import './styles/readiness.css';
import './styles/job.css';
import './styles/tables.css';
import './styles/model.css';
import './styles/labels.css';
import './styles/live.css';
import './styles/narrow.css';

// The server's settings and, on a Labels page, the day: asked before the first render.
startEarly(INFO_KEY, api.info);
startDayEarly(parseRoute(window.location.hash));
const root = document.getElementById('app');
if (root) render(<App />, root);
