import { describe, expect, it } from 'vitest';
import { ApiError, errorFromBody } from './api';
import { parseEvent } from './ws';

describe('error answers', () => {
  it('keep the detail, the field and the status', () => {
    const error = errorFromBody(422, { detail: 'date_from: invalid date', field: 'date_from' });
    expect(error).toBeInstanceOf(ApiError);
    expect([error.status, error.message, error.field]).toEqual([422, 'date_from: invalid date', 'date_from']);
  });

  it('a conflict without a field', () => {
    const error = errorFromBody(409, { detail: 'A job is already running', field: null });
    expect([error.message, error.field]).toEqual(['A job is already running', null]);
  });

  it('say something useful when the body is not ours', () => {
    expect(errorFromBody(500, 'Internal Server Error').message).toBe(
      'The server answered 500: Internal Server Error',
    );
    expect(errorFromBody(502, null).message).toBe('The server answered 502');
  });
});

describe('socket messages', () => {
  it('reads typed JSON events and ignores anything else', () => {
    expect(parseEvent('{"type":"labels_changed"}')).toEqual({ type: 'labels_changed' });
    expect(parseEvent('{"no":"type"}')).toBeNull();
    expect(parseEvent('not json')).toBeNull();
    expect(parseEvent(new ArrayBuffer(2))).toBeNull();
  });
});
