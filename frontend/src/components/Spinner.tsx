/** A small turning ring; its meaning is always given by the text beside it. */
export function Spinner() {
  return <span class="spinner" aria-hidden="true" />;
}
