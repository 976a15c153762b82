import { describe, expect, it } from 'vitest';
import {
  addDays,
  dayParts,
  FIX_ZERO_ROWS,
  fixForBuildError,
  fixForError,
  formatCount,
  formatDateTime,
  formatF1,
  formatGain,
  modelIdFromDir,
  stepName,
} from './format';
import { topFeatures } from './importance';
import { parseRoute } from './route';

describe('numbers', () => {
  it('formats F1 to three decimals', () => {
    expect(formatF1(0.85)).toBe('0.850');
    expect(formatF1(0.68483)).toBe('0.685');
    expect(formatF1(null)).toBe('—');
  });

  it('groups counts', () => {
    expect(formatCount(12345)).toBe('12,345');
    expect(formatCount(undefined)).toBe('—');
  });

  it('shortens gains', () => {
    expect(formatGain(23121.29)).toBe('23,121');
    expect(formatGain(12.345)).toBe('12.3');
    expect(formatGain(0.12345)).toBe('0.123');
  });
});

describe('dates', () => {
  it('counts days across months and leap days without the browser zone', () => {
    expect(addDays('2026-11-30', -13)).toBe('2026-11-17');
    expect(addDays('2026-03-05', -13)).toBe('2026-02-20');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
  });

  it('shows times in the server zone', () => {
    expect(formatDateTime('2026-11-30T15:22:47+00:00', 'Europe/Berlin')).toBe('30 Nov 2026, 16:22');
    expect(formatDateTime(null)).toBe('—');
    expect(formatDateTime('not a date')).toBe('not a date');
  });
});

describe('steps and ids', () => {
  it('names every step in words', () => {
    expect(stepName('projecting_labels')).toBe('Matching labels to minutes');
    expect(stepName('building_features')).toBe('Building features');
    expect(stepName('something_new')).toBe('something new');
  });

  it('takes the model id from a bundle directory', () => {
    expect(modelIdFromDir('/home/u/models/2026-03-12_100000_run-0042')).toBe('2026-03-12_100000_run-0042');
    expect(modelIdFromDir('C:\\m\\run-1\\')).toBe('run-1');
    expect(modelIdFromDir(null)).toBeNull();
  });

  it('parses hash routes', () => {
    expect(parseRoute('')).toEqual({ tab: 'training' });
    expect(parseRoute('#/training')).toEqual({ tab: 'training' });
    expect(parseRoute('#/models')).toEqual({ tab: 'models', modelId: null });
    expect(parseRoute('#/models/2026-01-01_run-1')).toEqual({ tab: 'models', modelId: '2026-01-01_run-1' });
  });
});

describe('fix lookup', () => {
  it('matches the troubleshooting table by prefix', () => {
    expect(fixForError('Feature files exist but contain 0 rows for 2026-11-20')).toBe(FIX_ZERO_ROWS);
    expect(fixForError('No label spans overlap the selected date range (2026-11-01 – 2026-11-14)')).toBe(
      'Create labels that cover the same dates as your feature data.',
    );
    expect(fixForError('No labeled rows after projection: 3 spans')).toBe(
      'Ensure label spans are at least 60 s long and cover times when ActivityWatch recorded activity.',
    );
    expect(fixForError('No feature data found for the given date range')).toBe(
      'Click "Prepare Data" first to build features from ActivityWatch.',
    );
    expect(fixForError('Only one label class (Build) in the range')).toBe(
      'Label at least two task types in this range.',
    );
  });

  it('has no fix for cancellations, server stops and unknown errors', () => {
    expect(fixForError('Cancelled by user')).toBeNull();
    expect(fixForError('Server stopped while the job was running')).toBeNull();
    expect(fixForError('Something else went wrong')).toBeNull();
    expect(fixForError(null)).toBeNull();
  });

  it('gives every build error the zero-rows fix', () => {
    expect(fixForBuildError('2026-11-20: ActivityWatch is not reachable')).toBe(FIX_ZERO_ROWS);
    expect(FIX_ZERO_ROWS).toBe('Start ActivityWatch, verify it\'s collecting events, then re-run "Prepare Data".');
  });
});

describe('feature importance', () => {
  it('keeps the top 15 by gain, largest first', () => {
    const importance = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`f${i}`, i]));
    const top = topFeatures(importance);
    expect(top).toHaveLength(15);
    expect(top[0]).toEqual(['f19', 19]);
    expect(top[14]).toEqual(['f5', 5]);
  });
});

describe('dayParts', () => {
  it('names the weekday and the short date of a calendar day, whatever the browser zone', () => {
    expect(dayParts('2026-11-30')).toEqual({ weekday: 'Mon', day: '30 Nov' });
    expect(dayParts('2026-12-06')).toEqual({ weekday: 'Sun', day: '6 Dec' });
    expect(dayParts('not a day')).toEqual({ weekday: '', day: 'not a day' });
  });
});
