import { render } from 'preact';
import { App } from './app';
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

startDayEarly(parseRoute(window.location.hash));
const root = document.getElementById('app');
if (root) render(<App />, root);
