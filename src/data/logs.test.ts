import { createDataFrame, FieldType } from '@grafana/data';
import { timeBuckets } from './buckets';
import { isLogsFrame, logMessage, logPattern, normaliseLevel, readLogVolume } from './logs';

const T0 = Date.UTC(2026, 0, 1);
const MIN = 60_000;

function logs(rows: Array<[number, string, string]>) {
  return createDataFrame({
    meta: { type: 'log-lines' as never },
    fields: [
      { name: 'labels', type: FieldType.other, values: rows.map(([, level]) => ({ level })) },
      { name: 'Time', type: FieldType.time, values: rows.map(([t]) => t) },
      { name: 'Line', type: FieldType.string, values: rows.map(([, , line]) => line) },
    ],
  });
}

describe('logs', () => {
  it('normalises ids and numbers out of messages', () => {
    expect(logPattern('inference timeout after 5003 ms for req 3f2a9c7be1 from 10.0.0.12:8080')).toBe(
      'inference timeout after <n> ms for req <id> from <ip>'
    );
    expect(logPattern('pod llm-serving-5f7b9-abc12 OOM')).toBe('pod <id> OOM');
  });

  it('reads the message of JSON lines and keeps other lines whole', () => {
    expect(logMessage('{"level":"error","msg":"CUDA out of memory"}')).toBe('CUDA out of memory');
    expect(logMessage('plain <b>text</b>')).toBe('plain <b>text</b>');
    expect(logMessage('{not json')).toBe('{not json');
  });

  it('maps level aliases', () => {
    expect(normaliseLevel('WARNING')).toBe('warn');
    expect(normaliseLevel('err')).toBe('error');
    expect(normaliseLevel(undefined)).toBe('unknown');
  });

  it('counts lines per level and bucket, most severe level first, with the top error pattern', () => {
    const frame = logs([
      [T0 + 1 * MIN, 'info', 'ok'],
      [T0 + 1 * MIN, 'error', '{"msg":"timeout after 12 ms"}'],
      [T0 + 9 * MIN, 'error', '{"msg":"timeout after 9000 ms"}'],
      [T0 + 9 * MIN, 'error', '{"msg":"disk full"}'],
      [T0 - 5 * MIN, 'error', 'outside the range'],
    ]);
    expect(isLogsFrame(frame)).toBe(true);
    const volume = readLogVolume(frame, timeBuckets({ from: T0, to: T0 + 10 * MIN }, 10));
    expect(volume.map((v) => v.level)).toEqual(['error', 'info']);
    expect(volume[0].total).toBe(3);
    expect(Array.from(volume[0].counts)).toEqual([0, 1, 0, 0, 0, 0, 0, 0, 0, 2]);
    expect(volume[0].topPatterns[0]).toEqual({
      pattern: 'timeout after <n> ms',
      count: 2,
      example: 'timeout after 12 ms',
    });
  });

  it('does not take a metric frame for logs', () => {
    const frame = createDataFrame({
      fields: [
        { name: 'Time', type: FieldType.time, values: [T0] },
        { name: 'Value', type: FieldType.number, values: [1] },
      ],
    });
    expect(isLogsFrame(frame)).toBe(false);
  });
});
