import type { Route } from '../route';

const TABS = [
  { tab: 'training', label: 'Training', href: '#/training' },
  { tab: 'labels', label: 'Labels', href: '#/labels' },
  { tab: 'live', label: 'Live', href: '#/live' },
  { tab: 'models', label: 'Models', href: '#/models' },
] as const;

export const tabId = (tab: string) => `tab-${tab}`;
export const panelId = (tab: string) => `panel-${tab}`;

/** Left/Right/Home/End move between tabs, as a tab list should. */
function onKeyDown(event: KeyboardEvent) {
  const keys = ['ArrowLeft', 'ArrowRight', 'Home', 'End'];
  if (!keys.includes(event.key)) return;
  const current = TABS.findIndex((t) => tabId(t.tab) === (event.target as HTMLElement).id);
  if (current < 0) return;
  event.preventDefault();
  const last = TABS.length - 1;
  const next = {
    ArrowLeft: current === 0 ? last : current - 1,
    ArrowRight: current === last ? 0 : current + 1,
    Home: 0,
    End: last,
  }[event.key as 'ArrowLeft'];
  const target = TABS[next];
  window.location.hash = target.href;
  document.getElementById(tabId(target.tab))?.focus();
}

/** `labelsDay`: the day the Labels tab showed last, so coming back shows it again. */
export function Tabs({ route, labelsDay }: { route: Route; labelsDay?: string | null }) {
  return (
    <nav class="tabbar" aria-label="Sections">
      <div class="tabbar-inner" role="tablist" aria-label="Sections" onKeyDown={onKeyDown}>
        {TABS.map(({ tab, label, href: plain }) => {
          const selected = route.tab === tab;
          const href = tab === 'labels' && labelsDay ? `${plain}/${labelsDay}` : plain;
          return (
            <a
              key={tab}
              id={tabId(tab)}
              class="tab"
              role="tab"
              href={href}
              aria-selected={selected}
              aria-controls={panelId(tab)}
              tabIndex={selected ? 0 : -1}
            >
              {label}
            </a>
          );
        })}
      </div>
    </nav>
  );
}
