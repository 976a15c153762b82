import { exportHref } from '../api';
import { problemText, type ImportProblem } from '../importErrors';

/** Undo, CSV import (a file picker) and export of the day. */
export function ImportExport({ date, busy, onUndo, onImport }: {
  date: string;
  busy: boolean;
  onUndo: () => void;
  onImport: (file: File) => void;
}) {
  const onChange = (event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    input.value = ''; // the same file can be picked again after fixing it
    if (file) onImport(file);
  };
  return (
    <div class="label-actions">
        <button type="button" class="button button-secondary" disabled={busy} onClick={onUndo}>
          <span aria-hidden="true">↶</span> Undo
        </button>
        <label class="button button-secondary file-button">
          <input
            type="file"
            class="file-input"
            accept=".csv,text/csv"
            aria-label="Import CSV"
            disabled={busy}
            onChange={onChange}
          />
          <span aria-hidden="true">Import CSV</span>
        </label>
        <a class="button button-secondary" href={exportHref(date, date)} download={`labels-${date}.csv`}>
          Export CSV
        </a>
    </div>
  );
}

/** Why an import was refused, one row per problem with its line number. */
export function ImportErrors({ problems }: { problems: ImportProblem[] }) {
  if (problems.length === 0) return null;
  return (
    <div class="note note-danger import-errors" role="alert" data-testid="import-errors">
      <p>
        <strong>Nothing was imported.</strong> Fix {problems.length === 1 ? 'this row' : 'these rows'} and try again:
      </p>
      <ul>
        {problems.map((problem) => (
          <li key={problemText(problem)}>{problemText(problem)}</li>
        ))}
      </ul>
    </div>
  );
}
