// A refused CSV import in words: one entry per problem, with its line number when the server
// named one ("line 3: end_ts must be after start_ts"). Pure.

export interface ImportProblem {
  line: number | null;
  message: string;
}

const LINE = /^\s*(?:csv\s+)?(?:line|row)\s+(\d+)\s*[:,-]?\s*/i;

/** Split the server's detail into problems (it may list several, one per line or `; `). */
export function importProblems(detail: string): ImportProblem[] {
  const parts = detail
    .split(/\n|;\s+(?=(?:csv\s+)?(?:line|row)\s+\d+)/i)
    .map((part) => part.trim())
    .filter(Boolean);
  return parts.map((part) => {
    const match = LINE.exec(part);
    if (!match) return { line: null, message: part };
    return { line: Number(match[1]), message: part.slice(match[0].length) || part };
  });
}

export function problemText(problem: ImportProblem): string {
  return problem.line === null ? problem.message : `Line ${problem.line}: ${problem.message}`;
}
