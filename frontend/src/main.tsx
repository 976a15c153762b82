// The page's entry is kept small: it asks the server's settings and, on a Labels page, the
// day's data, then loads the dashboard itself (start.tsx), whose code is most of the page's
// script. The questions are on their way while that code is fetched and evaluated.
import { api } from './api';
import { startDayEarly } from './dayRequests';
import { INFO_KEY, startEarly } from './early';
import { parseRoute } from './route';
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

startEarly(INFO_KEY, api.info);
startDayEarly(parseRoute(window.location.hash));
import('./start').then(
  ({ start }) => start(),
  () => {
    // Its code could not be fetched (the server stopped, or was upgraded under an open tab).
    const root = document.getElementById('app');
    if (root) root.textContent = 'The dashboard could not be loaded. Reload the page to try again.';
  },
);
