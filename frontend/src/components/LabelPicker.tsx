/** A text box with the known labels as suggestions; typing a new label is allowed. */
export function LabelPicker({ id, names, value, onInput, describedBy }: {
  id: string;
  names: string[];
  value: string;
  onInput: (value: string) => void;
  describedBy?: string;
}) {
  const listId = `${id}-names`;
  return (
    <div class="field">
      <label for={id}>Label</label>
      <input
        id={id}
        type="text"
        class="text-input"
        list={listId}
        autoComplete="off"
        spellcheck={false}
        maxLength={256}
        value={value}
        aria-describedby={describedBy}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
      <datalist id={listId}>
        {names.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
    </div>
  );
}
