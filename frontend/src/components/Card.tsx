import type { ComponentChildren } from 'preact';

interface CardProps {
  id: string;
  title: string;
  /** Shown at the heading's right, e.g. a badge or a status. */
  aside?: ComponentChildren;
  class?: string;
  children: ComponentChildren;
}

/** A titled region: `<section aria-labelledby>` so it is a landmark named by its heading. */
export function Card({ id, title, aside, class: extra, children }: CardProps) {
  const headingId = `${id}-heading`;
  return (
    <section class={`card ${extra ?? ''}`.trim()} id={id} aria-labelledby={headingId}>
      <div class="card-head">
        <h2 id={headingId}>{title}</h2>
        {aside}
      </div>
      {children}
    </section>
  );
}
