import { useState } from 'preact/hooks';
import { normaliseClock } from '../zone';

/**
 * A time box on the 24-hour clock, as the rest of the page shows times. `type="time"` would
 * follow the browser's locale (AM/PM in en-US), so this is a text box that takes "HH:MM"
 * (or "930", "9.30") and writes it back as "09:30" when the user moves on.
 */
export function ClockInput({ id, value, onInput, onCommit, invalid }: {
  id: string;
  value: string;
  onInput: (value: string) => void;
  /** The box was left or Enter pressed: the tidied time, or the text as typed if not a time. */
  onCommit?: (value: string) => void;
  invalid?: boolean;
}) {
  // Marked wrong once left holding something that is not a time, not while being typed.
  const [leftWrong, setLeftWrong] = useState(false);
  const commit = (typed: string) => {
    const tidy = normaliseClock(typed) ?? typed;
    setLeftWrong(tidy !== '' && normaliseClock(tidy) === null);
    if (tidy !== typed) onInput(tidy);
    onCommit?.(tidy);
  };
  return (
    <input
      id={id}
      type="text"
      class="text-input clock-input"
      inputMode="numeric"
      autoComplete="off"
      spellcheck={false}
      placeholder="HH:MM"
      maxLength={8}
      value={value}
      aria-invalid={invalid || leftWrong ? 'true' : undefined}
      onInput={(e) => {
        setLeftWrong(false);
        onInput(e.currentTarget.value);
      }}
      onChange={(e) => commit(e.currentTarget.value)}
    />
  );
}
