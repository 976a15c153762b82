import { memo } from 'preact/compat';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { importProblems, type ImportProblem } from '../importErrors';
import { labelsHref } from '../route';
import { floorMinute } from '../timeline/scale';
import type { Cursor, Range } from '../timeline/selection';
import { rangeText } from '../timeline/spans';
import type { ServerInfo } from '../types';
import { useDayData } from '../useDayData';
import { useSpanSaver, type Saved } from '../useSpanSaver';
import { isoUtc } from '../zone';
import { Card } from './Card';
import { DayPicker } from './DayPicker';
import { ErrorNote } from './ErrorNote';
import { ImportErrors, ImportExport } from './ImportExport';
import { Notice, type NoticeValue } from './Notice';
import { OverlapDialog } from './OverlapDialog';
import { SelectionForm } from './SelectionForm';
import { SpanEditor } from './SpanEditor';
import { SpanTable } from './SpanTable';
import { Spinner } from './Spinner';
import { Timeline } from './Timeline';
import { TimelineLegend } from './TimelineLegend';

const HELP =
  'Drag across the timeline to select, or focus it and use the arrow keys (Shift+arrows select, ' +
  'Up/Down 15 min, Page Up/Down an hour). Enter labels the selection or opens the span under the cursor.';

interface LabelsTabProps {
  info: ServerInfo;
  date: string;
  /** From the live view: they go up when labels or models changed on the server. */
  labelsVersion: number;
  modelsVersion: number;
}

/**
 * Memoised on plain values: the page's live view changes often (the socket's state, the job,
 * each suggestion) and none of that is drawn here, so it does not redraw the day.
 */
export const LabelsTab = memo(function LabelsTab({ info, date, labelsVersion, modelsVersion }: LabelsTabProps) {
  const timeZone = info.timezone;
  const data = useDayData(date, timeZone, labelsVersion, modelsVersion);
  const [cursor, setCursor] = useState<Cursor>({ at: data.extent.start, anchor: null, selection: null });
  const [editingId, setEditingId] = useState<number | null>(null);
  const [label, setLabel] = useState('');
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<NoticeValue | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [problems, setProblems] = useState<ImportProblem[]>([]);
  const placed = useRef<string | null>(null);

  // A new day: nothing selected, the cursor at the start of what was recorded.
  useEffect(() => {
    setEditingId(null);
    setError(null);
    setProblems([]);
    placed.current = null;
    setCursor({ at: data.extent.start, anchor: null, selection: null });
  }, [date]);
  useEffect(() => {
    if (placed.current === date || data.activity.state === 'loading' || data.spans.state === 'loading') return;
    placed.current = date;
    setCursor((c) => (c.selection ? c : { at: data.extent.start, anchor: null, selection: null }));
  }, [date, data.activity.state, data.spans.state, data.extent.start]);

  const onSaved = (saved: Saved) => {
    if (saved.kind === 'import') {
      const { imported, skipped_duplicates: skipped = 0, warnings = [] } = saved.result;
      const skippedText = skipped ? `, ${skipped} duplicate${skipped === 1 ? '' : 's'} skipped` : '';
      setNotice({ text: `Imported ${imported} span${imported === 1 ? '' : 's'}${skippedText}.`, warnings });
      setProblems([]);
    } else {
      const { span } = saved;
      const when = rangeText(Date.parse(span.start_ts), Date.parse(span.end_ts), timeZone, date);
      const text = span.duplicate
        ? `${span.label} ${when} was already recorded; nothing added.`
        : `${saved.kind === 'create' ? 'Saved' : 'Updated'} ${span.label} ${when}.`;
      setNotice({ text, warnings: span.warnings ?? [] });
      if (saved.kind === 'create') setCursor((c) => ({ ...c, anchor: null, selection: null }));
    }
    data.reloadSpans();
  };
  const saver = useSpanSaver(onSaved);

  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const saveSelection = () => {
    const sel = cursor.selection;
    if (!sel) return;
    const body = { start_ts: isoUtc(sel.start), end_ts: isoUtc(sel.end), label: label.trim() };
    void run(() => saver.save({ kind: 'create', body }));
  };

  const onImport = (file: File) =>
    run(async () => {
      setProblems([]);
      try {
        await saver.save({ kind: 'import', file });
      } catch (failure) {
        if (failure instanceof ApiError && failure.status === 422) setProblems(importProblems(failure.message));
        else throw failure;
      }
    });

  const onUndo = () =>
    run(async () => {
      try {
        const result = await api.undoLabels();
        setNotice({ text: `Undone: ${result.undone}.`, warnings: [] });
        data.reloadSpans();
      } catch (failure) {
        if (failure instanceof ApiError && failure.status === 409) setNotice({ text: 'Nothing to undo.', warnings: [] });
        else throw failure;
      }
    });

  const editing = editingId === null ? null : data.blocks.find((b) => b.id === editingId) ?? null;
  const openSpan = (id: number) => {
    setEditingId(id);
    setCursor((c) => ({ ...c, anchor: null, selection: null }));
    window.setTimeout(() => document.getElementById('edit-start')?.focus(), 0);
  };
  const setSelection = (selection: Range | null) => {
    if (selection) setEditingId(null);
    setCursor((c) => ({ at: selection ? floorMinute(selection.end - 1) : c.at, anchor: null, selection }));
  };
  const onCursor = (next: Cursor) => {
    if (next.selection) setEditingId(null);
    setCursor(next);
  };
  const goTo = (next: string) => {
    window.location.hash = labelsHref(next);
  };

  const loading = data.spans.state === 'loading' || data.activity.state === 'loading';
  const activityError = data.activity.state === 'ready' ? data.activity.value.error : null;

  return (
    <div class="labels-page">
      <Card id="labels-day" title="Labels by day" aside={<ImportExport date={date} busy={busy} onUndo={onUndo} onImport={onImport} />}>
        <DayPicker date={date} today={info.today} onDate={goTo} />
        <ImportErrors problems={problems} />
      </Card>
      <Card id="labels-timeline" title={`Timeline, ${date}`} class="card-wide" aside={loading ? <Spinner /> : undefined}>
        {data.activity.state === 'failed' && <ErrorNote error={data.activity.error} testId="activity-error" />}
        {activityError && <p class="note note-warning">ActivityWatch: {activityError}</p>}
        {data.spans.state === 'failed' && <ErrorNote error={data.spans.error} testId="spans-error" />}
        <p class="muted small" id="timeline-help">
          {HELP}
        </p>
        <Timeline
          date={date}
          timeZone={timeZone}
          extent={data.extent}
          data={data.timeline}
          cursor={cursor}
          onCursor={onCursor}
          editingId={editingId}
          onOpenSpan={openSpan}
          onLabelSelection={() => document.getElementById(editing ? 'edit-label' : 'new-label-name')?.focus()}
        />
        <TimelineLegend activity={data.timeline.activity} hasModel={data.predictions !== null} />
      </Card>
      <div class="labels-grid">
        <div class="labels-side">
          {editing ? (
            <SpanEditor
              span={editing}
              timeZone={timeZone}
              names={data.names}
              busy={busy}
              onSave={(patch) => void run(() => saver.save({ kind: 'update', id: editing.id, body: patch }))}
              onDelete={() =>
                void run(async () => {
                  await api.deleteLabel(editing.id);
                  setEditingId(null);
                  setNotice({ text: `Deleted ${editing.label} ${rangeText(editing.start, editing.end, timeZone, date)}. Undo brings it back.`, warnings: [] });
                  data.reloadSpans();
                })
              }
              onClose={() => setEditingId(null)}
            />
          ) : (
            <SelectionForm
              date={date}
              timeZone={timeZone}
              selection={cursor.selection}
              onSelection={setSelection}
              names={data.names}
              label={label}
              onLabel={setLabel}
              busy={busy}
              onSave={saveSelection}
            />
          )}
          {error !== null && <ErrorNote error={error} testId="labels-error" />}
          <Notice notice={notice} testId="labels-notice" />
        </div>
        <Card id="span-list" title="Spans on this day">
          <SpanTable
            spans={data.spans.state === 'ready' ? data.spans.value : []}
            blocks={data.blocks}
            timeZone={timeZone}
            date={date}
            editingId={editingId}
            onEdit={openSpan}
          />
        </Card>
      </div>
      <OverlapDialog saver={saver} timeZone={timeZone} day={date} />
    </div>
  );
});
