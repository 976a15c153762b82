import { ApiError, errorText } from '../api';
import { fieldLabel } from '../format';

/** An error answer in words, naming the form field it is about when the server said which. */
export function ErrorNote({ error, testId }: { error: unknown; testId: string }) {
  const field = error instanceof ApiError ? fieldLabel(error.field) : null;
  return (
    <p class="note note-danger" role="alert" data-testid={testId}>
      {field && <strong class="note-field">{field}: </strong>}
      {errorText(error)}
    </p>
  );
}
