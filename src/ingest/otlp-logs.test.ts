import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { otlpRecords } from './otlp-logs.js';

describe('otlpRecords', () => {
  it('reads every record of every scope and resource, with service, severity, body and attributes', () => {
    const recs = otlpRecords({
      resourceLogs: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'cart' } }] },
          scopeLogs: [
            {
              scope: { name: 'lib' },
              logRecords: [
                {
                  timeUnixNano: '1714557600000000000',
                  severityNumber: 13,
                  body: { stringValue: 'low stock' },
                  attributes: [{ key: 'n', value: { intValue: '3' } }],
                  traceId: 'ab',
                },
                {
                  observedTimeUnixNano: '1714557601000000000',
                  severityText: 'Error',
                  body: { arrayValue: { values: [{ boolValue: true }] } },
                },
              ],
            },
          ],
        },
      ],
    });
    assert.deepEqual(recs, [
      {
        time: Date.UTC(2024, 4, 1, 10),
        level: 'warn',
        service: 'cart',
        message: 'low stock',
        fields: { n: 3, traceId: 'ab', scope: 'lib' },
      },
      {
        time: Date.UTC(2024, 4, 1, 10, 0, 1),
        level: 'error',
        service: 'cart',
        message: '[true]',
        fields: { scope: 'lib' },
      },
    ]);
  });

  it('is undefined for an object that is not an OTLP export, and empty for one without records', () => {
    assert.equal(otlpRecords({ msg: 'x' }), undefined);
    assert.deepEqual(otlpRecords({ resourceLogs: [{ scopeLogs: 'nope' }, 3] }), []);
  });
});
