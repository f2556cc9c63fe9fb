import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MultilineJoiner, type MultilineOptions } from './multiline.js';

/** The records the joiner makes of `lines`, flushed at the end. */
function join(lines: string[], opts?: MultilineOptions): string[] {
  const out: string[] = [];
  const joiner = new MultilineJoiner((r) => out.push(r), opts);
  for (const line of lines) joiner.push(line);
  joiner.flush();
  return out;
}

const JAVA = [
  '2026-11-28 11:00:00.123 ERROR [main] c.e.App - request failed',
  'java.lang.IllegalStateException: boom',
  '\tat com.example.App.handle(App.java:42)',
  '\tat com.example.App.main(App.java:10)',
  'Caused by: java.io.IOException: disk full',
  '\tat java.base/java.io.FileOutputStream.write(FileOutputStream.java:349)',
  '\t... 12 more',
  'Suppressed: java.lang.RuntimeException: close failed',
  '... 3 common frames omitted',
];

const PYTHON_CHAINED = [
  'Traceback (most recent call last):',
  '  File "app.py", line 3, in <module>',
  '    int("x")',
  "ValueError: invalid literal for int() with base 10: 'x'",
  '',
  'During handling of the above exception, another exception occurred:',
  '',
  'Traceback (most recent call last):',
  '  File "app.py", line 5, in <module>',
  '    raise RuntimeError("wrapped")',
  'RuntimeError: wrapped',
];

const GO_PANIC = [
  'panic: runtime error: index out of range [5] with length 3',
  '',
  'goroutine 1 [running]:',
  'main.main()',
  '\t/app/main.go:8 +0x1d',
  'created by main.start in goroutine 1',
  '\t/app/main.go:3 +0x2a',
  'exit status 2',
];

describe('MultilineJoiner', () => {
  it('joins a Java stack trace, its causes and elided frames to the log line that started it', () => {
    assert.deepEqual(join([...JAVA, '2026-11-28 11:00:01.000 INFO [main] c.e.App - next']), [
      JAVA.join('\n'),
      '2026-11-28 11:00:01.000 INFO [main] c.e.App - next',
    ]);
  });

  it('joins a Python traceback with its closing exception line, chained tracebacks included', () => {
    const logged = ['2026-11-28 11:00:00,123 - app - ERROR - failed', ...PYTHON_CHAINED];
    assert.deepEqual(join([...logged, '2026-11-28 11:00:01,000 - app - INFO - recovered']), [
      logged.join('\n'),
      '2026-11-28 11:00:01,000 - app - INFO - recovered',
    ]);
  });

  it('joins "The above exception was the direct cause" chains', () => {
    const lines = [
      'Traceback (most recent call last):',
      '  File "a.py", line 1, in f',
      "KeyError: 'k'",
      '',
      'The above exception was the direct cause of the following exception:',
      '',
      'Traceback (most recent call last):',
      '  File "a.py", line 4, in g',
      'app.errors.ConfigError: missing key',
    ];
    assert.deepEqual(join(lines), [lines.join('\n')]);
  });

  it('does not swallow a plain line after the exception line that closes a traceback', () => {
    const tb = ['Traceback (most recent call last):', '  File "a.py", line 1, in <module>', 'KeyboardInterrupt'];
    assert.deepEqual(join([...tb, 'Shutting down', 'Bye']), [tb.join('\n'), 'Shutting down', 'Bye']);
  });

  it('joins a Node stack trace', () => {
    const lines = [
      "TypeError: Cannot read properties of undefined (reading 'id')",
      '    at handler (/app/src/api.js:12:5)',
      '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
    ];
    assert.deepEqual(join([...lines, 'server listening']), [lines.join('\n'), 'server listening']);
  });

  it('joins a Go panic from its first line to `exit status`, blank lines included', () => {
    assert.deepEqual(join([...GO_PANIC, 'restarting']), [GO_PANIC.join('\n'), 'restarting']);
  });

  it('joins `fatal error:` goroutine dumps', () => {
    const lines = [
      'fatal error: all goroutines are asleep - deadlock!',
      '',
      'goroutine 1 [chan receive]:',
      'main.main()',
      '\t/app/main.go:5 +0x25',
    ];
    assert.deepEqual(join(lines), [lines.join('\n')]);
  });

  it('leaves unrelated lines apart', () => {
    const lines = ['server started', 'GET /a 200', 'Error: ENOENT', 'panic is not a word here', 'done: ok'];
    assert.deepEqual(join(lines), lines);
  });

  it('never joins to or into a JSON line', () => {
    assert.deepEqual(join(['{"level":"error"}', '    at x (y.js:1:1)']), ['{"level":"error"}', '    at x (y.js:1:1)']);
    assert.deepEqual(join(['Error: boom', '{"level":"info"}']), ['Error: boom', '{"level":"info"}']);
  });

  it('drops blank lines between records and trailing blank lines of a record', () => {
    assert.deepEqual(join(['a', '', '  ', 'b']), ['a', 'b']);
    assert.deepEqual(join(['Traceback (most recent call last):', '  File "a.py", line 1', 'E', '', '']), [
      'Traceback (most recent call last):\n  File "a.py", line 1\nE',
    ]);
  });

  it('holds a record until the next one starts or flush() is called', () => {
    const out: string[] = [];
    const joiner = new MultilineJoiner((r) => out.push(r));
    joiner.push('Exception in thread "main" java.lang.Error: x');
    joiner.push('\tat A.b(A.java:1)');
    assert.deepEqual(out, []);
    assert.equal(joiner.pending, true);
    joiner.flush();
    assert.deepEqual(out, ['Exception in thread "main" java.lang.Error: x\n\tat A.b(A.java:1)']);
    assert.equal(joiner.pending, false);
    joiner.flush();
    assert.equal(out.length, 1);
  });

  it('starts a new record once one reaches its line or size limit', () => {
    const frames = Array.from({ length: 5 }, (_, i) => `    at f${i} (a.js:${i}:1)`);
    assert.deepEqual(join(['Error: x', ...frames], { maxLines: 3 }), [
      'Error: x\n    at f0 (a.js:0:1)\n    at f1 (a.js:1:1)',
      '    at f2 (a.js:2:1)\n    at f3 (a.js:3:1)\n    at f4 (a.js:4:1)',
    ]);
    const bySize = join(['Error: x', ...frames], { maxChars: 40 });
    assert.ok(bySize.length > 1);
    assert.equal(bySize.join('\n'), ['Error: x', ...frames].join('\n'));
  });

  it("joins zap's stack (Go symbols, tab-indented files) to its error line", () => {
    const zap = [
      '2024-05-01T10:00:00Z\tERROR\tmain.go:9\tfailed',
      'main.fetch',
      '\t/src/main.go:9',
      'runtime.main',
      '\t/go/src/runtime/proc.go:271',
    ];
    assert.deepEqual(join([...zap, '2024-05-01T10:00:01Z\tINFO\tmain.go:10\tnext']), [
      zap.join('\n'),
      '2024-05-01T10:00:01Z\tINFO\tmain.go:10\tnext',
    ]);
    // Outside zap, a dotted word on its own line is a log of its own.
    assert.deepEqual(join(['INFO started', 'main.fetch']), ['INFO started', 'main.fetch']);
  });

  it('joins stack traces inside CRI and compose heads, and PostgreSQL’s STATEMENT to its error', () => {
    const cri = [
      '2024-05-01T10:00:00Z stdout F ERROR failed',
      '2024-05-01T10:00:00Z stdout F java.lang.IllegalStateException: x',
      '2024-05-01T10:00:00Z stdout F \tat a.B.c(B.java:1)',
    ];
    assert.deepEqual(join(cri), [cri.join('\n')]);
    const pg = [
      '2024-05-01 10:00:00.000 UTC [7] ERROR:  relation "x" does not exist',
      '2024-05-01 10:00:00.000 UTC [7] STATEMENT:  select * from x',
    ];
    assert.deepEqual(join([...pg, '2024-05-01 10:00:01.000 UTC [7] LOG:  next']), [
      pg.join('\n'),
      '2024-05-01 10:00:01.000 UTC [7] LOG:  next',
    ]);
  });
});
