/** What the last change did, and any warnings the server gave about it. */
export interface NoticeValue {
  text: string;
  warnings: string[];
}

export function Notice({ notice, testId }: { notice: NoticeValue | null; testId: string }) {
  return (
    <div class="notice-slot" role="status" data-testid={testId}>
      {notice && (
        <>
          <p class="note note-success">{notice.text}</p>
          {notice.warnings.length > 0 && (
            <ul class="note note-warning warning-list" aria-label="Warnings" data-testid={`${testId}-warnings`}>
              {notice.warnings.map((warning) => (
                <li key={warning}>{warning}</li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}
