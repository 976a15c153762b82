import { useEffect, useRef } from 'preact/hooks';
import { overlapText } from '../timeline/spans';
import type { SpanSaver } from '../useSpanSaver';

/** The choice after a refused overlapping save: Replace / Keep both / Cancel (a modal dialog). */
export function OverlapDialog({ saver, timeZone, day }: { saver: SpanSaver; timeZone: string; day?: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  const { overlap } = saver;
  const open = overlap.state !== 'closed';

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  const pending = overlap.state === 'closed' ? null : overlap.pending;
  const sending = overlap.state === 'sending';
  const what = pending?.request.kind === 'import' ? 'The file' : 'This label';
  return (
    <dialog
      ref={ref}
      class="dialog"
      aria-labelledby="overlap-title"
      aria-describedby="overlap-detail"
      data-testid="overlap-dialog"
      onCancel={(event) => {
        event.preventDefault();
        saver.cancel();
      }}
    >
      {pending && (
        <div class="dialog-body">
          <h2 id="overlap-title" class="dialog-title">
            {what} overlaps other labels
          </h2>
          <p id="overlap-detail" class="muted">
            {pending.overlaps.length > 0
              ? `It overlaps ${pending.overlaps.length === 1 ? 'this span' : 'these spans'} with a different label:`
              : pending.detail}
          </p>
          {pending.overlaps.length > 0 && (
            <ul class="overlap-list" aria-label="Overlapped spans">
              {pending.overlaps.map((span) => (
                <li key={span.id}>{overlapText(span, timeZone, day)}</li>
              ))}
            </ul>
          )}
          <dl class="choice-help">
            <div>
              <dt>Replace</dt>
              <dd>the old spans are trimmed or split so the new label wins where they overlap.</dd>
            </div>
            <div>
              <dt>Keep both</dt>
              <dd>both stay; the overlapping minutes conflict and are left out of training.</dd>
            </div>
          </dl>
          {overlap.state === 'failed' && (
            <p class="note note-danger" role="alert">
              {overlap.error}
            </p>
          )}
          <div class="dialog-actions">
            <button type="button" class="button button-primary" disabled={sending} onClick={() => saver.choose('replace')}>
              Replace
            </button>
            <button type="button" class="button button-secondary" disabled={sending} onClick={() => saver.choose('keep_both')}>
              Keep both
            </button>
            <button type="button" class="button button-quiet" disabled={sending} onClick={saver.cancel}>
              Cancel
            </button>
          </div>
        </div>
      )}
    </dialog>
  );
}
